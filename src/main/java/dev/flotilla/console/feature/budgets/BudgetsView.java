package dev.flotilla.console.feature.budgets;

import dev.flotilla.console.fleet.Money;
import dev.flotilla.console.fx.Labels;
import dev.flotilla.console.fx.Styles;
import dev.flotilla.console.page.PageView;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The budgets page: a gauge per budget, spend over time by group, and the alerts that fired with their deliveries. */
public final class BudgetsView implements PageView {

    public static final String ROOT_ID = "budgets-page";

    private final BudgetsViewModel model;
    private final VBox root = new VBox(10);
    private final VBox cards = new VBox(8);

    public BudgetsView(BudgetsViewModel model) {
        this.model = model;
        root.setId(ROOT_ID);
        root.getStyleClass().add(Styles.PAGE);
        root.setPadding(new Insets(16));
        cards.setId("budget-cards");
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("budget-scroll");
        scroll.setPrefHeight(230);
        scroll.setMinHeight(120);
        model.budgets().addListener((ListChangeListener<Money.Budget>) c -> showCards());
        model.emptyTextProperty().addListener((o, was, now) -> showCards());
        showCards();
        TableView<Money.Alert> alerts = alerts();
        VBox.setVgrow(alerts, Priority.ALWAYS);
        root.getChildren().addAll(header(), scroll, spendHeader(), chart(), Labels.sectionTitle("Alerts · newest first"), alerts);
    }

    private HBox header() {
        Button add = new Button("New budget");
        add.setId("new-budget");
        add.disableProperty().bind(model.workingProperty().or(model.sessionProperty().isNull()));
        add.setOnAction(e -> new BudgetDialog(null).show(add, f -> save(null, f)));
        return Labels.header(Labels.pageTitle("Budgets"), new Node[] {add},
                Labels.feedback("budgets-message", model.messageProperty(), model.messageIsErrorProperty()));
    }

    private void save(String id, BudgetDialog.Form f) {
        model.save(id, f.name(), f.scope(), f.subject(), f.limit(), f.period(), f.thresholds(), f.action());
    }

    private void showCards() {
        cards.getChildren().clear();
        if (model.budgets().isEmpty()) {
            Label empty = Labels.muted(model.emptyTextProperty().get());
            empty.setId("budgets-empty");
            empty.setWrapText(true);
            cards.getChildren().add(empty);
            return;
        }
        for (Money.Budget b : model.budgets()) cards.getChildren().add(card(b));
    }

    private VBox card(Money.Budget b) {
        Label name = new Label(b.name());
        name.getStyleClass().add("budget-name");
        Label scope = Labels.muted(BudgetText.scope(b));
        Button edit = new Button("Edit");
        edit.getStyleClass().add("budget-edit");
        edit.setOnAction(e -> new BudgetDialog(b).show(edit, f -> save(b.id(), f)));
        HBox top = new HBox(10, name, scope, Labels.gap(), edit);
        top.setAlignment(Pos.CENTER_LEFT);
        BudgetGauge gauge = new BudgetGauge();
        gauge.show(b.spentUsd() / b.limitUsd(), b.reservedUsd() / b.limitUsd(), b.exhausted());
        Label standing = new Label(BudgetText.standing(b));
        standing.getStyleClass().add("budget-standing");
        standing.setWrapText(true);
        VBox card = new VBox(4, top, gauge, standing);
        card.getStyleClass().add("budget-card");
        card.setId("budget-" + b.id());
        return card;
    }

    private HBox spendHeader() {
        ComboBox<String> group = new ComboBox<>(FXCollections.observableArrayList(BudgetsViewModel.GROUPS));
        group.setId("spend-group");
        group.valueProperty().bindBidirectional(model.groupByProperty());
        Label total = new Label();
        total.setId("spend-total");
        total.getStyleClass().add("muted");
        total.textProperty().bind(Bindings.createStringBinding(() -> "total " + BudgetText.usd(model.spendTotalProperty().get()),
                model.spendTotalProperty()));
        HBox box = new HBox(8, Labels.sectionTitle("Spend · last " + BudgetsViewModel.DAYS + " days, by"), group, total);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private BarChart<String, Number> chart() {
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        y.setLabel("USD");
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setId("spend-chart");
        chart.setLegendVisible(false);
        chart.setAnimated(false);
        chart.setPrefHeight(200);
        chart.setMinHeight(150);
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        chart.getData().add(series);
        Runnable fill = () -> {
            series.getData().clear();
            for (Money.SpendGroup g : model.spend()) {
                String key = "day".equals(model.groupByProperty().get()) && g.key().length() == 10 ? g.key().substring(5) : g.key();
                series.getData().add(new XYChart.Data<>(key, g.costUsd()));
            }
        };
        model.spend().addListener((ListChangeListener<Money.SpendGroup>) c -> fill.run());
        fill.run();
        return chart;
    }

    private TableView<Money.Alert> alerts() {
        TableView<Money.Alert> t = new TableView<>(model.alerts());
        t.setId("alerts-table");
        t.setPlaceholder(Labels.muted("No alert fired yet"));
        t.getColumns().add(column("When", a -> BudgetText.when(a.at()), 110));
        t.getColumns().add(column("Budget", Money.Alert::budget, 160));
        t.getColumns().add(column("Crossed", a -> BudgetText.percent(a.threshold()), 70));
        t.getColumns().add(column("Spent / limit", a -> BudgetText.usd(a.spentUsd()) + " / " + BudgetText.usd(a.limitUsd()), 140));
        t.getColumns().add(column("Webhook deliveries", BudgetText::deliveries, 320));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return t;
    }

    private static TableColumn<Money.Alert, String> column(String title, Function<Money.Alert, String> value, double width) {
        TableColumn<Money.Alert, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    @Override
    public Parent root() {
        return root;
    }
}
