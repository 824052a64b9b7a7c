package dev.flotilla.console.feature.overview;

import dev.flotilla.console.fx.Theme;
import dev.flotilla.console.page.PageView;
import eu.hansolo.tilesfx.Tile;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableNumberValue;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;

/** The overview page: eight live tiles and the five-minute history. */
public final class OverviewView implements PageView {

    public static final String ROOT_ID = "overview-page";

    private final OverviewViewModel model;
    private final TileFactory tiles;
    private final VBox root = new VBox();
    private final List<Tile> all;
    private final XYChart.Series<Number, Number> runsSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> errorsSeries = new XYChart.Series<>();

    public OverviewView(OverviewViewModel model, ObservableValue<Theme> theme) {
        this.model = model;
        this.tiles = new TileFactory(theme.getValue());
        root.setId(ROOT_ID);
        root.getStyleClass().add("page");

        Tile rate = tiles.number(TileFactory.RUNS_PER_SECOND, "Runs per second", "", 1, "finished runs, last 10 s");
        Tile p50 = tiles.number(TileFactory.P50, "Latency p50", "ms", 0, "last 60 s");
        Tile p99 = tiles.number(TileFactory.P99, "Latency p99", "ms", 0, "last 60 s");
        Tile errors = tiles.number(TileFactory.ERROR_RATE, "Error rate", "%", 1, "failed of finished, last 60 s");
        Tile busy = tiles.number(TileFactory.BUSY, "Busy agents", "", 0, "running a run now");
        Tile idle = tiles.number(TileFactory.IDLE, "Idle agents", "", 0, "waiting for work");
        Tile queue = tiles.number(TileFactory.QUEUE, "Queue depth", "runs", 0, "waiting for an agent");
        Tile tokens = tiles.number(TileFactory.TOKENS, "Tokens per minute", "", 0, "last 60 s");
        bind(rate, model.runsPerSecondProperty(), model.fleetWaitingProperty());
        bind(p50, model.p50Property(), model.runsWaitingProperty());
        bind(p99, model.p99Property(), model.runsWaitingProperty());
        bind(errors, model.errorRateProperty(), model.runsWaitingProperty());
        bind(busy, model.busyProperty(), model.fleetWaitingProperty());
        bind(idle, model.idleProperty(), model.fleetWaitingProperty());
        bind(queue, model.queueDepthProperty(), model.fleetWaitingProperty());
        bind(tokens, model.tokensPerMinuteProperty(), model.fleetWaitingProperty());
        Tile history = tiles.custom(TileFactory.HISTORY, "Last 5 minutes", historyChart());
        all = List.of(rate, p50, p99, errors, busy, idle, queue, tokens, history);

        GridPane grid = new GridPane();
        grid.getStyleClass().add("tile-grid");
        grid.setHgap(12);
        grid.setVgap(12);
        for (int c = 0; c < 4; c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(25);
            grid.getColumnConstraints().add(cc);
        }
        RowConstraints small = new RowConstraints(130, 175, 200);
        RowConstraints big = new RowConstraints(200, 300, Double.MAX_VALUE);
        big.setVgrow(Priority.ALWAYS);
        grid.getRowConstraints().addAll(small, small, big);
        grid.addRow(0, rate, p50, p99, errors);
        grid.addRow(1, busy, idle, queue, tokens);
        grid.add(history, 0, 2, 4, 1);
        VBox.setVgrow(grid, Priority.ALWAYS);

        root.getChildren().addAll(header(), grid);
        root.setPadding(new Insets(16));
        root.setSpacing(12);

        model.historyProperty().addListener((o, was, points) -> showHistory(points));
        theme.addListener((o, was, now) -> tiles.setTheme(now, all));
    }

    private HBox header() {
        Label title = new Label("Overview");
        title.getStyleClass().add("page-title");
        Label modelLabel = new Label();
        modelLabel.getStyleClass().add("model-name");
        modelLabel.textProperty().bind(Bindings.concat("Model: ", model.modelProperty()));
        Label badge = new Label("simulated");
        badge.setId("overview-simulated");
        badge.getStyleClass().add("badge");
        badge.visibleProperty().bind(model.simulatedProperty());
        badge.managedProperty().bind(badge.visibleProperty());
        Label nodes = new Label();
        nodes.getStyleClass().add("muted");
        nodes.textProperty().bind(model.nodesProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox box = new HBox(12, title, spacer, nodes, modelLabel, badge);
        box.getStyleClass().add("page-header");
        return box;
    }

    private LineChart<Number, Number> historyChart() {
        NumberAxis x = new NumberAxis(-300, 0, 60);
        x.setLabel("seconds ago (5 s buckets)");
        x.setAutoRanging(false);
        NumberAxis y = new NumberAxis();
        y.setLabel("per second");
        y.setForceZeroInRange(true);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId("overview-history-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(true);
        runsSeries.setName("runs/s");
        errorsSeries.setName("errors/s");
        chart.getData().add(runsSeries);
        chart.getData().add(errorsSeries);
        chart.setMinHeight(150);
        return chart;
    }

    private void showHistory(List<StatsWindow.Point> points) {
        runsSeries.getData().setAll(points.stream()
                .map(p -> new XYChart.Data<Number, Number>(p.secondsAgo(), p.runsPerSecond())).toList());
        errorsSeries.getData().setAll(points.stream()
                .map(p -> new XYChart.Data<Number, Number>(p.secondsAgo(), p.errorsPerSecond())).toList());
    }

    /** The tile shows {@code value}, or a dash and the reason while {@code waiting} has one. */
    private static void bind(Tile tile, ObservableNumberValue value, ObservableStringValue waiting) {
        String text = tile.getText();
        Runnable show = () -> TileFactory.show(tile, value.doubleValue(), waiting.get(), text);
        show.run();
        value.addListener((o, was, now) -> show.run());
        waiting.addListener((o, was, now) -> show.run());
    }

    @Override
    public Parent root() {
        return root;
    }
}
