package dev.flotilla.console.feature.deadletters;

import dev.flotilla.console.fleet.DeadLetter;
import dev.flotilla.console.fx.Dialogs;
import dev.flotilla.console.fx.Labels;
import dev.flotilla.console.fx.Styles;
import dev.flotilla.console.fx.TabTraversal;
import dev.flotilla.console.fx.TableSelection;
import dev.flotilla.console.fx.Tables;
import dev.flotilla.console.page.PageView;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The dead letters page: the list, the selected one in full, and replay and discard (each confirmed). */
public final class DeadLettersView implements PageView {

    public static final String ROOT_ID = "deadletters-page";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter TIME_MS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private static final double DETAIL_WIDTH = 400;

    private final DeadLettersViewModel model;
    private final VBox root = new VBox(10);
    private final TableView<DeadLetter> table = new TableView<>();
    private final VBox detail = new VBox(10);
    private final Label title = new Label();
    private final Label hint = new Label("Select a dead letter to see its input, its deliveries and why each failed.");
    private final GridPane facts = new GridPane();
    private final TextArea input = new TextArea();
    private final VBox history = new VBox(6);
    private final VBox body;

    public DeadLettersView(DeadLettersViewModel model) {
        this.model = model;
        root.setId(ROOT_ID);
        root.getStyleClass().add(Styles.PAGE);
        root.setPadding(new Insets(16));
        buildTable();
        body = new VBox(10, actions(), facts, Labels.caption("Input"), input, Labels.caption("Deliveries that failed"), history);
        body.managedProperty().bind(body.visibleProperty());
        hint.managedProperty().bind(hint.visibleProperty());
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        title.setId("deadletter-id");
        title.getStyleClass().add("section-title");
        detail.setId("deadletter-detail");
        detail.setPadding(new Insets(12));
        detail.getChildren().addAll(title, hint, body);
        facts.getStyleClass().add("facts");
        facts.setHgap(12);
        facts.setVgap(3);
        input.setId("deadletter-input");
        input.setEditable(false);
        input.setWrapText(true);
        input.setPrefRowCount(4);
        TabTraversal.install(input);
        ScrollPane scroll = new ScrollPane(detail);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("detail-scroll");
        scroll.setPrefWidth(DETAIL_WIDTH);
        scroll.setMinWidth(340);
        HBox split = new HBox(8, table, scroll);
        HBox.setHgrow(table, Priority.ALWAYS);
        VBox.setVgrow(split, Priority.ALWAYS);
        root.getChildren().addAll(header(), split);
        model.detailProperty().addListener((o, was, d) -> show(d));
        show(model.detailProperty().get());
    }

    private HBox header() {
        Button refresh = new Button("Refresh");
        refresh.setId("deadletters-refresh");
        refresh.setOnAction(e -> model.reload());
        return Labels.header(Labels.pageTitle("Dead letters"), new Node[0],
                Labels.feedback("deadletters-message", model.messageProperty(), model.messageIsErrorProperty()), refresh);
    }

    private HBox actions() {
        Button replay = new Button("Replay…");
        replay.setId("deadletter-replay");
        replay.getStyleClass().add("accent");
        replay.setTooltip(new Tooltip("Put the run back in line with its delivery count reset"));
        replay.disableProperty().bind(model.canActBinding().not());
        replay.setOnAction(e -> {
            String id = model.selectedIdProperty().get();
            if (id == null) return;
            model.replayConfirmation(id).ifPresent(words ->
                    Dialogs.confirm(words, "confirm-replay").show(root, () -> model.replay(id)));
        });
        Button discard = new Button("Discard…");
        discard.setId("deadletter-discard");
        discard.getStyleClass().add("danger");
        discard.setTooltip(new Tooltip("Forget this dead letter; the run stays failed"));
        discard.disableProperty().bind(model.canActBinding().not());
        discard.setOnAction(e -> {
            String id = model.selectedIdProperty().get();
            if (id == null) return;
            model.discardConfirmation(id).ifPresent(words ->
                    Dialogs.confirm(words, "confirm-discard").no("Keep it").destructive().show(root, () -> model.discard(id)));
        });
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(18, 18);
        progress.visibleProperty().bind(model.workingProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        HBox bar = new HBox(8, replay, discard, progress);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private void buildTable() {
        table.setId("deadletters-table");
        table.setItems(model.letters());
        table.setPlaceholder(Labels.placeholder("deadletters-empty", model.emptyTextProperty()));
        // a run id is "run_" and about 21 characters: the whole of it fits, so it can be read and searched for
        TableColumn<DeadLetter, String> id = Tables.column("Run", DeadLetter::runId, 215);
        id.setMinWidth(120);
        id.getStyleClass().add("run-id");
        table.getColumns().add(id);
        table.getColumns().add(Tables.bounded(Tables.column("Agent", DeadLetter::agent, 85), 70, 160));
        table.getColumns().add(Tables.numeric(Tables.bounded(Tables.column("Failed", DeadLetter::failedDeliveries, 70), 64, 90)));
        table.getColumns().add(Tables.bounded(Tables.column("Dead-lettered", d -> shortWhen(d.deadLetteredAt()), 110), 80, 150));
        table.getColumns().add(Tables.column("Last error", d -> Objects.requireNonNullElse(d.lastErrorCode(), ""), 140));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableSelection.follow(table, DeadLetter::runId, model.selectedIdProperty(), model::select, true);
    }

    private void show(DeadLetter d) {
        boolean has = d != null;
        body.setVisible(has);
        hint.setVisible(!has);
        facts.getChildren().clear();
        history.getChildren().clear();
        if (!has) {
            title.setText("No dead letter selected");
            input.clear();
            return;
        }
        title.setText(d.runId());
        int row = 0;
        row = fact(row, "Agent", d.agent(), "deadletter-agent");
        row = fact(row, "Deliveries", deliveries(d), "deadletter-deliveries");
        row = fact(row, "Dead-lettered", when(d.deadLetteredAt()), "deadletter-when");
        if (d.error() != null) fact(row, "Why", reason(d), "deadletter-error");
        input.setText(d.input() == null ? "" : d.input());
        if (d.errors().isEmpty()) {
            Label none = new Label("No history of deliveries was kept");
            none.getStyleClass().add("muted");
            history.getChildren().add(none);
        }
        int n = 1;
        for (DeadLetter.DeliveryError e : d.errors()) {
            // the date is in the facts above; deliveries of one dead letter are seconds apart, so the time has its milliseconds
            Label head = new Label(n++ + ". " + (e.at() == null ? "" : TIME_MS.format(e.at()))
                    + (e.node() != null && !e.node().isBlank() ? " on " + e.node() : "")
                    + (e.code() != null && !e.code().isBlank() ? " · " + e.code() : ""));
            head.getStyleClass().add("history-head");
            head.setWrapText(true);
            Label text = new Label(e.message() == null ? "" : e.message());
            text.setWrapText(true);
            text.getStyleClass().add("history-text");
            history.getChildren().add(new VBox(1, head, text));
        }
        history.setId("deadletter-history");
    }

    /** "3 (all failed)", or "5 (3 failed since its last replay)". */
    private static String deliveries(DeadLetter d) {
        int failed = d.failedDeliveries();
        if (d.deliveries() == 0) return failed + " failed"; // the run expired: only the letter's count is left
        if (d.deliveries() <= failed) return d.deliveries() + (d.deliveries() == 1 ? " (failed)" : " (all failed)");
        return d.deliveries() + " (" + failed + " failed since its last replay)";
    }

    /** The run's error in words; its code is shown only when it says more than "dead_lettered". */
    private static String reason(DeadLetter d) {
        String message = d.error().message() == null ? "" : d.error().message();
        String code = d.error().code();
        if (code == null || code.isBlank() || DeadLetter.DEAD_LETTERED.equals(code) || message.isBlank()) {
            return message.isBlank() ? Objects.requireNonNullElse(code, "") : message;
        }
        return message + " (" + code + ")";
    }

    private int fact(int row, String name, String value, String id) {
        if (value == null || value.isBlank()) return row;
        Label n = new Label(name);
        n.getStyleClass().add("fact-name");
        GridPane.setValignment(n, javafx.geometry.VPos.TOP); // beside a value that wraps, the name stays on its first line
        n.setMinWidth(Region.USE_PREF_SIZE);
        Label v = new Label(value);
        v.setId(id);
        v.getStyleClass().add("fact-value");
        v.setWrapText(true);
        facts.addRow(row, n, v);
        return row + 1;
    }

    private static String when(Instant t) {
        return t == null ? "" : WHEN.format(t);
    }

    /** The time today, the day and minute otherwise. */
    private static String shortWhen(Instant t) {
        if (t == null) return "";
        boolean today = t.atZone(ZoneId.systemDefault()).toLocalDate().equals(java.time.LocalDate.now());
        return today ? TIME.format(t) : DAY_TIME.format(t);
    }


    @Override
    public Parent root() {
        return root;
    }
}
