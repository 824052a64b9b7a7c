package dev.flotilla.console.feature.resilience;

import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableNumberValue;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The resilience panel: counters, breakers per node and model, and the live list of recent events. */
public final class ResilienceView {

    public static final String ROOT_ID = "resilience-page";
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass ALARM = PseudoClass.getPseudoClass("alarm");

    private final ResilienceViewModel model;
    private final VBox root = new VBox(10);

    public ResilienceView(ResilienceViewModel model) {
        this.model = model;
        root.setId(ROOT_ID);
        root.getStyleClass().add("page");
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
        root.getChildren().addAll(header(), unsupported, counters(), caption("Breakers"), breakers,
                caption("Recent events · live, newest first, last " + ResilienceViewModel.MAX_EVENTS), events);
    }

    private HBox header() {
        Label title = new Label("Resilience");
        title.getStyleClass().add("page-title");
        Label attention = new Label();
        attention.setId("resilience-attention");
        attention.getStyleClass().add("attention");
        attention.textProperty().bind(model.attentionProperty());
        attention.visibleProperty().bind(model.attentionProperty().isNotEmpty());
        attention.managedProperty().bind(attention.visibleProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label message = new Label();
        message.setId("resilience-message");
        message.getStyleClass().add("feedback");
        message.setWrapText(true);
        message.setMaxWidth(520);
        message.textProperty().bind(model.messageProperty());
        model.messageIsErrorProperty().addListener((o, was, err) -> message.pseudoClassStateChanged(ERROR, err));
        HBox box = new HBox(12, title, attention, gap, message);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("page-header");
        return box;
    }

    private HBox counters() {
        HBox box = new HBox(10,
                stat("stat-open-breakers", "Breakers open", model.openBreakersProperty(), true),
                stat("stat-retries", "Retries", model.retriesProperty(), false),
                stat("stat-fallbacks", "Fallbacks taken", model.fallbacksProperty(), false),
                stat("stat-throttled", "Provider waits", model.throttledProperty(), false),
                stat("stat-rate-limited", "Rate-limit rejections", model.rateLimitedProperty(), true));
        box.getStyleClass().add("stats");
        return box;
    }

    /** A figure with its name under it; {@code alarming} ones turn red while above zero. */
    private static VBox stat(String id, String name, ObservableNumberValue value, boolean alarming) {
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
        if (alarming) {
            value.addListener((o, was, now) -> card.pseudoClassStateChanged(ALARM, now.longValue() > 0));
            card.pseudoClassStateChanged(ALARM, value.longValue() > 0);
        }
        return card;
    }

    private TableView<BreakerRow> breakers() {
        TableView<BreakerRow> t = new TableView<>(model.breakers());
        t.setId("breakers-table");
        t.setPlaceholder(placeholder("breakers-empty", model.breakersEmptyProperty()));
        t.getColumns().add(column("Node", BreakerRow::node, 120));
        t.getColumns().add(column("Provider / model", BreakerRow::target, 200));
        TableColumn<BreakerRow, String> state = column("State", BreakerRow::state, 110);
        state.setCellFactory(c -> badgeCell("breaker-", s -> s.replace('_', '-')));
        t.getColumns().add(state);
        t.getColumns().add(numeric(column("Failure rate", BreakerRow::failureRate, 100)));
        t.getColumns().add(numeric(column("Slow calls", BreakerRow::slowCallRate, 100)));
        t.getColumns().add(numeric(column("Calls", BreakerRow::calls, 80)));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return t;
    }

    private TableView<EventRow> events() {
        TableView<EventRow> t = new TableView<>(model.events());
        t.setId("resilience-events");
        t.setPlaceholder(placeholder("resilience-events-empty", model.eventsEmptyProperty()));
        TableColumn<EventRow, String> time = column("Time", EventRow::time, 100);
        time.setMinWidth(96);
        t.getColumns().add(time);
        t.getColumns().add(column("Node", EventRow::node, 100));
        TableColumn<EventRow, EventRow> kind = new TableColumn<>("Kind");
        kind.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        kind.setPrefWidth(100);
        kind.setMinWidth(96);
        kind.setCellFactory(c -> new TableCell<>() {
            private final Label badge = new Label();

            {
                badge.getStyleClass().add("event-kind");
            }

            @Override
            protected void updateItem(EventRow row, boolean empty) {
                super.updateItem(row, empty);
                badge.getStyleClass().removeIf(k -> k.startsWith("tone-"));
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                badge.setText(row.kind());
                badge.getStyleClass().add("tone-" + row.tone());
                setGraphic(badge);
            }
        });
        t.getColumns().add(kind);
        TableColumn<EventRow, String> what = column("What happened", EventRow::text, 520);
        t.getColumns().add(what);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return t;
    }

    private static <R> TableColumn<R, String> column(String title, Function<R, String> value, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static <R> TableColumn<R, String> numeric(TableColumn<R, String> c) {
        c.getStyleClass().add("numeric");
        return c;
    }

    /** A cell showing its text as a coloured badge, styled {@code prefix + value}. */
    private static <R> TableCell<R, String> badgeCell(String prefix, Function<String, String> shown) {
        return new TableCell<>() {
            private final Label badge = new Label();

            {
                badge.getStyleClass().add("state-badge");
            }

            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                badge.getStyleClass().removeIf(k -> k.startsWith(prefix));
                if (empty || value == null) {
                    setGraphic(null);
                    return;
                }
                badge.setText(shown.apply(value));
                badge.getStyleClass().add(prefix + value);
                setGraphic(badge);
            }
        };
    }

    private static Label placeholder(String id, javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMaxWidth(640);
        l.textProperty().bind(text);
        return l;
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    public Parent root() {
        return root;
    }
}
