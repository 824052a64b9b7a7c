package dev.flotilla.console.feature.agents;

import dev.flotilla.console.page.PageView;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The agents page: the agents of every node, and the scale controls of the pool on the node that answers. */
public final class AgentsView implements PageView {

    public static final String ROOT_ID = "agents-page";
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

    private final AgentsViewModel model;
    private final VBox root = new VBox(12);

    public AgentsView(AgentsViewModel model) {
        this.model = model;
        root.setId(ROOT_ID);
        root.getStyleClass().add("page");
        root.setPadding(new Insets(16));
        Label title = new Label("Agents");
        title.getStyleClass().add("page-title");
        TableView<AgentRow> table = table();
        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().addAll(title, scaleBar(), feedback(), table);
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

    private Label feedback() {
        Label message = new Label();
        message.setId("agents-message");
        message.getStyleClass().add("feedback");
        message.textProperty().bind(model.messageProperty());
        model.messageIsErrorProperty().addListener((o, was, error) -> message.pseudoClassStateChanged(ERROR, error));
        return message;
    }

    private TableView<AgentRow> table() {
        TableView<AgentRow> table = new TableView<>(model.rows());
        table.setId("agents-table");
        Label empty = new Label();
        empty.setId("agents-empty");
        empty.setWrapText(true);
        empty.setMaxWidth(640); // a failure's reason is long: wrap it in a readable column
        empty.textProperty().bind(model.emptyTextBinding());
        table.setPlaceholder(empty);
        table.getColumns().add(column("Node", AgentRow::node, 140));
        table.getColumns().add(column("Pool", AgentRow::pool, 120));
        table.getColumns().add(column("Agent", AgentRow::agentId, 160));
        table.getColumns().add(stateColumn());
        table.getColumns().add(column("Current run", AgentRow::currentRun, 260));
        TableColumn<AgentRow, Long> done = new TableColumn<>("Runs done");
        done.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().runsDone()));
        done.setPrefWidth(100);
        done.getStyleClass().add("numeric");
        table.getColumns().add(done);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return table;
    }

    private static TableColumn<AgentRow, String> column(String title, Function<AgentRow, String> value, double width) {
        TableColumn<AgentRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<AgentRow, String> stateColumn() {
        TableColumn<AgentRow, String> c = column("State", AgentRow::state, 100);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String state, boolean empty) {
                super.updateItem(state, empty);
                getStyleClass().removeAll("state-busy", "state-idle", "state-retiring");
                setText(empty || state == null ? null : state);
                if (!empty && state != null) getStyleClass().add("state-" + state);
            }
        });
        return c;
    }

    @Override
    public Parent root() {
        return root;
    }
}
