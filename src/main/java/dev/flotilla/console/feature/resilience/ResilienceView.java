package dev.flotilla.console.feature.resilience;

import dev.flotilla.console.fx.Labels;
import dev.flotilla.console.fx.Styles;
import dev.flotilla.console.fx.Tables;
import dev.flotilla.console.page.PageView;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableNumberValue;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

/** The resilience panel: counters, breakers per node and model, and the live list of recent events. */
public final class ResilienceView implements PageView {

    public static final String ROOT_ID = "resilience-page";

    private final ResilienceViewModel model;
    private final VBox root = new VBox(10);

    public ResilienceView(ResilienceViewModel model) {
        this.model = model;
        root.setId(ROOT_ID);
        root.getStyleClass().add(Styles.PAGE);
        root.setPadding(new Insets(16));
        TableView<BreakerRow> breakers = breakers();
        breakers.setPrefHeight(170);
        breakers.setMinHeight(110);
        TableView<EventRow> events = events();
        VBox.setVgrow(events, Priority.ALWAYS);
        Label unsupported = new Label(ResilienceViewModel.UNSUPPORTED);
        unsupported.setId("resilience-unsupported");
        unsupported.getStyleClass().add("muted");
        unsupported.setWrapText(true);
        unsupported.visibleProperty().bind(model.supportedProperty().not());
        unsupported.managedProperty().bind(unsupported.visibleProperty());
        HBox counters = counters();
        // zeros from nodes that do not count would read as "all is well": show none
        counters.visibleProperty().bind(model.supportedProperty());
        counters.managedProperty().bind(counters.visibleProperty());
        root.getChildren().addAll(header(), unsupported, counters, Labels.sectionTitle("Breakers"), breakers, eventsHeader(), events);
    }

    private HBox header() {
        Label attention = new Label();
        attention.setId("resilience-attention");
        attention.getStyleClass().add("attention");
        attention.textProperty().bind(model.attentionProperty());
        attention.visibleProperty().bind(model.attentionProperty().isNotEmpty());
        attention.managedProperty().bind(attention.visibleProperty());
        return Labels.header(Labels.pageTitle("Resilience"), new Node[] {attention},
                Labels.feedback("resilience-message", model.messageProperty(), model.messageIsErrorProperty()));
    }

    private HBox counters() {
        // counters add up since each node started: only what is happening now turns a card red
        HBox box = new HBox(10,
                stat("stat-open-breakers", "Breakers open now", model.openBreakersProperty(), model.openBreakersProperty().greaterThan(0)),
                stat("stat-retries", "Retries", model.retriesProperty(), null),
                stat("stat-fallbacks", "Fallbacks taken", model.fallbacksProperty(), null),
                stat("stat-throttled", "Provider waits", model.throttledProperty(), null),
                stat("stat-rate-limited", "Rate-limit rejections", model.rateLimitedProperty(), model.recentRejectionsProperty().greaterThan(0)));
        box.getStyleClass().add("stats");
        return box;
    }

    /** A figure with its name under it; it turns red while {@code alarm} holds (null: never). */
    private static VBox stat(String id, String name, ObservableNumberValue value, ObservableBooleanValue alarm) {
        Label figure = new Label();
        figure.setId(id);
        figure.getStyleClass().add("stat-value");
        figure.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%,d", value.longValue()), value));
        Label caption = new Label(name);
        caption.getStyleClass().add("stat-name");
        VBox card = new VBox(2, figure, caption);
        card.getStyleClass().add("stat");
        HBox.setHgrow(card, Priority.ALWAYS);
        card.setMaxWidth(Double.MAX_VALUE);
        if (alarm != null) {
            card.getProperties().put("alarm", alarm); // a binding nobody holds would be collected and go quiet
            Labels.follow(card, Styles.ALARM, alarm);
        }
        return card;
    }

    private HBox eventsHeader() {
        ComboBox<String> kinds = new ComboBox<>(FXCollections.observableArrayList(ResilienceViewModel.KINDS));
        kinds.setId("resilience-kind-filter");
        kinds.valueProperty().bindBidirectional(model.kindFilterProperty());
        kinds.setTooltip(new Tooltip("Show only events of one kind"));
        HBox box = new HBox(8, Labels.sectionTitle("Recent events · live, newest first, last " + ResilienceViewModel.MAX_EVENTS),
                Labels.gap(), kinds);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private TableView<BreakerRow> breakers() {
        TableView<BreakerRow> t = new TableView<>(model.breakers());
        t.setId("breakers-table");
        t.setPlaceholder(Labels.placeholder("breakers-empty", model.breakersEmptyProperty()));
        t.getColumns().add(fixed(column("Node", BreakerRow::node, 120), 60, 200));
        t.getColumns().add(column("Provider / model", BreakerRow::target, 260));
        TableColumn<BreakerRow, String> state = fixed(column("State", BreakerRow::state, 110), 100, 140);
        state.setCellFactory(Tables.badges("state-badge", s -> s.replace('_', '-'), s -> "breaker-" + s));
        t.getColumns().add(state);
        t.getColumns().add(fixed(Tables.numeric(column("Failure rate", BreakerRow::failureRate, 110)), 90, 140));
        t.getColumns().add(fixed(Tables.numeric(column("Slow calls", BreakerRow::slowCallRate, 110)), 90, 140));
        t.getColumns().add(fixed(Tables.numeric(column("Calls", BreakerRow::calls, 90)), 70, 140));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        return t;
    }

    private TableView<EventRow> events() {
        TableView<EventRow> t = new TableView<>(model.shownEvents());
        t.setId("resilience-events");
        t.setPlaceholder(Labels.placeholder("resilience-events-empty", model.eventsEmptyProperty()));
        t.getColumns().add(fixed(column("Time", EventRow::time, 104), 100, 180));
        t.getColumns().add(fixed(column("Node", EventRow::node, 90), 60, 160));
        TableColumn<EventRow, EventRow> kind = new TableColumn<>("Kind");
        kind.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        fixed(kind, 100, 120);
        kind.setPrefWidth(104);
        kind.setCellFactory(Tables.badges("event-kind", EventRow::kind, row -> "tone-" + row.tone()));
        t.getColumns().add(kind);
        TableColumn<EventRow, String> what = column("What happened", EventRow::text, 520);
        what.getStyleClass().add("event-text");
        what.setCellFactory(c -> new TableCell<>() {
            // the whole sentence, on as many lines as the column needs: the row grows instead of cutting it off
            private final Text sentence = new Text();
            private final Tooltip tip = new Tooltip();

            {
                sentence.getStyleClass().add("event-sentence");
                sentence.wrappingWidthProperty().bind(what.widthProperty().subtract(14));
                tip.setWrapText(true);
                tip.setMaxWidth(640);
            }

            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(null);
                sentence.setText(empty || text == null ? "" : text);
                setGraphic(empty || text == null ? null : sentence);
                tip.setText(text);
                setTooltip(empty || text == null ? null : tip); // to copy it from, or when the window is very narrow
            }
        });
        t.getColumns().add(what);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return t;
    }

    private static <R> TableColumn<R, String> column(String title, Function<R, String> value, double width) {
        return Tables.column(title, value, width);
    }

    /** Bounds a column, so the room goes to the one that holds sentences. */
    private static <R, T> TableColumn<R, T> fixed(TableColumn<R, T> c, double min, double max) {
        return Tables.bounded(c, min, max);
    }

    @Override
    public Parent root() {
        return root;
    }
}
