package dev.flotilla.console.feature.agents;

import dev.flotilla.console.fx.Labels;
import dev.flotilla.console.fx.Styles;
import dev.flotilla.console.fx.Tables;
import dev.flotilla.console.page.PageView;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The agents page: the agents of every node, and the scale controls of the pool on the node that answers. */
public final class AgentsView implements PageView {

    public static final String ROOT_ID = "agents-page";

    private final AgentsViewModel model;
    private final VBox root = new VBox(12);

    public AgentsView(AgentsViewModel model) {
        this.model = model;
        root.setId(ROOT_ID);
        root.getStyleClass().add(Styles.PAGE);
        root.setPadding(new Insets(16));
        TableView<AgentRow> table = table();
        VBox.setVgrow(table, Priority.ALWAYS);
        Label spend = new Label();
        spend.setId("agents-spend-today");
        spend.getStyleClass().add("muted");
        spend.textProperty().bind(model.spendTodayProperty());
        spend.managedProperty().bind(spend.textProperty().isNotEmpty());
        
        Label definition = new Label();
        definition.setId("agents-definition");
        definition.setWrapText(true);
        definition.textProperty().bind(model.definitionProperty());
        Label prompt = new Label();
        prompt.setId("agents-prompt");
        prompt.getStyleClass().add("muted");
        prompt.setWrapText(true);
        prompt.textProperty().bind(Bindings.when(model.promptProperty().isEmpty()).then("").otherwise(Bindings.concat("Prompt: ", model.promptProperty())));
        for (Label l : List.of(definition, prompt)) {
            l.managedProperty().bind(l.textProperty().isNotEmpty());
            l.visibleProperty().bind(l.textProperty().isNotEmpty());
        }
        root.getChildren().addAll(Labels.pageTitle("Agents"), spend, scaleBar(), definition, prompt,
                Labels.feedback("agents-message", model.messageProperty(), model.messageIsErrorProperty()), table);
    }

    private HBox scaleBar() {
        ComboBox<String> pool = new ComboBox<>(model.agents());
        pool.setId("agents-pool");
        pool.valueProperty().bindBidirectional(model.selectedAgentProperty());
        Label where = new Label();
        where.setId("agents-target");
        where.getStyleClass().add("muted");
        where.textProperty().bind(model.scaleTargetProperty());
        Label size = new Label();
        size.setId("agents-current-size");
        size.textProperty().bind(Bindings.concat("size ", model.currentSizeProperty().asString()));

        Spinner<Integer> spinner = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(
                AgentsViewModel.MIN_SIZE, AgentsViewModel.MAX_SIZE, model.desiredSizeProperty().get()));
        spinner.setId("agents-size");
        spinner.setEditable(true);
        spinner.setPrefWidth(90);
        spinner.getValueFactory().valueProperty().addListener((o, was, now) -> {
            if (now != null && now != model.desiredSizeProperty().get()) model.setDesiredSize(now);
        });
        model.desiredSizeProperty().addListener((o, was, now) -> spinner.getValueFactory().setValue(now.intValue()));

        Button apply = new Button("Apply");
        apply.setId("agents-apply");
        apply.setOnAction(e -> {
            try {
                spinner.commitValue(); // a number typed but not yet committed counts
            } catch (NumberFormatException notANumber) {
                spinner.cancelEdit();
            }
            model.applyScale();
        });
        Button minus = new Button("−");
        minus.setId("agents-minus");
        minus.setTooltip(new Tooltip("One agent fewer"));
        minus.setOnAction(e -> model.step(-1));
        Button plus = new Button("+");
        plus.setId("agents-plus");
        plus.setTooltip(new Tooltip("One agent more"));
        plus.setOnAction(e -> model.step(+1));
        for (Control b : List.of(pool, spinner, apply, minus, plus)) {
            b.disableProperty().bind(model.applyingProperty().or(model.canScaleProperty().not()));
        }
        HBox bar = new HBox(8, new Label("Pool"), pool, where, size, minus, plus, spinner, apply);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("scale-bar");
        return bar;
    }

    private TableView<AgentRow> table() {
        TableView<AgentRow> table = new TableView<>(model.rows());
        table.setId("agents-table");
        // a failure's reason is long: the placeholder wraps it in a readable column
        table.setPlaceholder(Labels.placeholder("agents-empty", model.emptyTextBinding()));
        table.getColumns().add(Tables.column("Node", AgentRow::node, 140));
        table.getColumns().add(Tables.column("Pool", AgentRow::pool, 120));
        table.getColumns().add(Tables.column("Agent", AgentRow::agentId, 160));
        TableColumn<AgentRow, String> state = Tables.column("State", AgentRow::state, 100);
        state.setCellFactory(Tables.styled(s -> s, s -> "state-" + s));
        table.getColumns().add(state);
        table.getColumns().add(Tables.column("Current run", AgentRow::currentRun, 260));
        table.getColumns().add(Tables.numeric(Tables.column("Runs done", AgentRow::runsDone, 100)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return table;
    }

    @Override
    public Parent root() {
        return root;
    }
}
