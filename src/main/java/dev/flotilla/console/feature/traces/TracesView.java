package dev.flotilla.console.feature.traces;

import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fx.Labels;
import dev.flotilla.console.fx.Styles;
import dev.flotilla.console.fx.Tables;
import dev.flotilla.console.page.PageView;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The traces page: runs to pick from (filtered, sortable by duration), the picked run's waterfall, and the span picked in it. */
public final class TracesView implements PageView {

    public static final String ROOT_ID = "traces-page";

    private final TracesViewModel model;
    private final VBox root = new VBox(10);
    private final TextField filter = new TextField();
    private final TableView<RunInfo> runs = new TableView<>();
    private final ListView<Waterfall.Row> waterfall = new ListView<>();
    private final ListView<String> spanFacts = new ListView<>();

    public TracesView(TracesViewModel model) {
        this.model = model;
        root.setId(ROOT_ID);
        root.getStyleClass().add(Styles.PAGE);
        root.setPadding(new Insets(16));
        buildRuns();
        Label summary = new Label();
        summary.setId("traces-summary");
        summary.getStyleClass().add("trace-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(model.summaryProperty());
        waterfall.setId("traces-waterfall");
        waterfall.setItems(model.rows());
        waterfall.setCellFactory(l -> new WaterfallCell());
        waterfall.setFixedCellSize(24);
        waterfall.setPlaceholder(Labels.muted("The selected run's spans show here, nested under their parents."));
        waterfall.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> model.selectSpan(now == null ? null : now.span()));
        spanFacts.setId("traces-span");
        spanFacts.setItems(model.spanFacts());
        spanFacts.setPlaceholder(new Label("Select a span to see its attributes and events."));
        spanFacts.setPrefHeight(200);
        SplitPane traceSplit = new SplitPane(waterfall, spanFacts);
        traceSplit.setOrientation(Orientation.VERTICAL);
        traceSplit.setDividerPositions(0.68);
        VBox tracePane = new VBox(8, summary, traceSplit);
        VBox.setVgrow(traceSplit, Priority.ALWAYS);
        SplitPane split = new SplitPane(runs, tracePane);
        split.setDividerPositions(0.33);
        VBox.setVgrow(split, Priority.ALWAYS);
        root.getChildren().addAll(header(), tools(), split);
    }

    private HBox header() {
        Button refresh = new Button("Refresh");
        refresh.setId("traces-refresh");
        refresh.setOnAction(e -> model.reload());
        return Labels.header(Labels.pageTitle("Traces"), new Node[0],
                Labels.feedback("traces-message", model.messageProperty(), model.messageIsErrorProperty()), refresh);
    }

    private HBox tools() {
        filter.setId("traces-filter");
        filter.setPromptText("Find runs: agent, model, status, node, error…");
        filter.textProperty().bindBidirectional(model.filterProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        CheckBox errors = new CheckBox("Errors only");
        errors.setId("traces-errors-only");
        errors.selectedProperty().bindBidirectional(model.errorsOnlyProperty());
        TextField runId = new TextField();
        runId.setId("traces-run-id");
        runId.setPromptText("run id");
        runId.setPrefColumnCount(18);
        runId.setOnAction(e -> model.open(runId.getText()));
        Button open = new Button("Open trace");
        open.setId("traces-open");
        open.setTooltip(new Tooltip("Show the trace of the run with this id, listed or not"));
        open.setOnAction(e -> model.open(runId.getText()));
        HBox box = new HBox(8, filter, errors, runId, open);
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return box;
    }

    private void buildRuns() {
        runs.setId("traces-runs");
        runs.setItems(sorted());
        runs.setPlaceholder(Labels.placeholder("traces-runs-empty", model.emptyTextProperty()));
        TableColumn<RunInfo, String> id = Tables.column("Run", RunInfo::id, 150);
        TableColumn<RunInfo, String> agent = Tables.column("Agent", RunInfo::agent, 80);
        TableColumn<RunInfo, String> status = Tables.column("Status", r -> r.status() == null ? "" : r.status().wire(), 80);
        TableColumn<RunInfo, String> modelColumn = Tables.column("Model", RunInfo::model, 120);
        TableColumn<RunInfo, Long> duration = Tables.numeric(Tables.column("Duration", RunInfo::durationMs, 80));
        duration.setCellFactory(Tables.formatted(ms -> Waterfall.duration(ms * 1_000_000)));
        duration.setId("traces-duration");
        runs.getColumns().setAll(java.util.List.of(id, agent, status, modelColumn, duration));
        runs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        runs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) model.selectedRunProperty().set(now.id());
        });
    }

    private javafx.collections.transformation.SortedList<RunInfo> sorted() {
        var sorted = new javafx.collections.transformation.SortedList<>(model.runs());
        sorted.comparatorProperty().bind(runs.comparatorProperty());
        return sorted;
    }

    @Override
    public Parent root() {
        return root;
    }

    /** Shortcut+F finds runs. */
    @Override
    public Map<KeyCombination, Runnable> keys() {
        return Map.of(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), filter::requestFocus);
    }
}
