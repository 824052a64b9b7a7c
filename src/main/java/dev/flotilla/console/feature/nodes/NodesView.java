package dev.flotilla.console.feature.nodes;

import dev.flotilla.console.fleet.NodeState;
import dev.flotilla.console.fx.Dialogs;
import dev.flotilla.console.fx.Labels;
import dev.flotilla.console.fx.Styles;
import dev.flotilla.console.fx.TableSelection;
import dev.flotilla.console.fx.Tables;
import dev.flotilla.console.page.PageView;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The nodes page: the fleet's nodes with their state and heartbeat, the commands for the selected
 * node, and that node's pools. Every command is confirmed in a dialog that says what will happen.
 */
public final class NodesView implements PageView {

    public static final String ROOT_ID = "nodes-page";
    private static final PseudoClass LOST = PseudoClass.getPseudoClass("lost");
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    private final NodesViewModel model;
    private final VBox root = new VBox(10);
    private final TableView<NodeRow> nodes = new TableView<>();
    private final TableView<PoolRow> pools = new TableView<>();

    public NodesView(NodesViewModel model) {
        this.model = model;
        root.setId(ROOT_ID);
        root.getStyleClass().add(Styles.PAGE);
        root.setPadding(new Insets(16));
        buildNodes();
        buildPools();
        VBox.setVgrow(nodes, Priority.ALWAYS);
        pools.setPrefHeight(170);
        pools.setMinHeight(120);
        root.getChildren().addAll(header(), actions(), nodes, poolsHeader(), pools);
    }

    private HBox header() {
        Label summary = Labels.muted("");
        summary.setId("nodes-summary");
        summary.textProperty().bind(model.summaryProperty());
        return Labels.header(Labels.pageTitle("Nodes"), new Node[] {summary},
                Labels.feedback("nodes-message", model.messageProperty(), model.messageIsErrorProperty()));
    }

    private VBox actions() {
        Button pause = new Button("Pause…");
        pause.setId("node-pause");
        pause.setTooltip(new Tooltip("Stop taking runs from the queue; runs in flight finish; the gateway still accepts runs"));
        pause.disableProperty().bind(model.canPauseProperty().not());
        pause.setOnAction(e -> confirm(NodeAction.PAUSE));
        Button drain = new Button("Drain…");
        drain.setId("node-drain");
        drain.getStyleClass().add("warning");
        drain.setTooltip(new Tooltip("Like pause, and the gateway refuses new runs so a load balancer moves away"));
        drain.disableProperty().bind(model.canDrainProperty().not());
        drain.setOnAction(e -> confirm(NodeAction.DRAIN));
        Button resume = new Button("Resume…");
        resume.setId("node-resume");
        resume.setTooltip(new Tooltip("Back to active: take runs from the queue and accept new ones"));
        resume.disableProperty().bind(model.canResumeProperty().not());
        resume.setOnAction(e -> confirm(NodeAction.RESUME));
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("node-progress");
        progress.setPrefSize(18, 18);
        progress.visibleProperty().bind(model.workingProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        Label hint = new Label();
        hint.setId("node-hint");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE); // wraps instead of ending in "…"
        hint.textProperty().bind(model.controlHintProperty());
        hint.visibleProperty().bind(model.controlHintProperty().isNotEmpty());
        hint.managedProperty().bind(hint.visibleProperty());
        Label which = new Label();
        which.setId("node-selected");
        which.getStyleClass().add("section-title");
        which.textProperty().bind(Bindings.createStringBinding(() -> model.selectedProperty().get() == null
                ? "No node selected" : "Node " + model.selectedProperty().get().nodeId(), model.selectedProperty()));
        for (Button b : List.of(pause, drain, resume)) b.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, which, pause, drain, resume, progress);
        bar.setAlignment(Pos.CENTER_LEFT);
        // why the buttons are off goes on its own line, so the buttons never shrink to "…"
        VBox box = new VBox(6, bar, hint);
        box.getStyleClass().add("node-actions");
        return box;
    }

    private void buildNodes() {
        nodes.setId("nodes-table");
        nodes.setItems(model.rows());
        nodes.setPlaceholder(Labels.placeholder("nodes-empty", model.emptyTextBinding()));
        nodes.getColumns().add(Tables.column("Node", NodeRow::nodeId, 130));
        nodes.getColumns().add(stateColumn());
        nodes.getColumns().add(heartbeatColumn());
        nodes.getColumns().add(dashed(Tables.observed("Host", NodeRow::hostProperty, 130)));
        nodes.getColumns().add(dashed(Tables.observed("Version", NodeRow::versionProperty, 80)));
        nodes.getColumns().add(dashed(Tables.observed("Policy", NodeRow::toolPolicyProperty, 64)));
        nodes.getColumns().add(numeric(Tables.observed("Pool", r -> r.poolSizeProperty().asObject(), 60)));
        nodes.getColumns().add(numeric(Tables.observed("Busy", r -> r.busyProperty().asObject(), 60)));
        nodes.getColumns().add(numeric(Tables.observed("In flight", NodeRow::inFlightProperty, 72)));
        nodes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        nodes.setRowFactory(t -> new NodeTableRow());
        TableSelection.follow(nodes, row -> row, model.selectedProperty(), model::select, false);
    }

    private HBox poolsHeader() {
        Label caption = new Label();
        caption.setId("pools-caption");
        caption.getStyleClass().add("section-title");
        caption.textProperty().bind(Bindings.createStringBinding(() -> model.selectedProperty().get() == null
                ? "Pools" : "Pools of node " + model.selectedProperty().get().nodeId(), model.selectedProperty()));
        Button scale = new Button("Scale pool…");
        scale.setId("pool-scale");
        scale.setTooltip(new Tooltip("Change the selected pool's size or its autoscaling bounds on this node"));
        scale.disableProperty().bind(model.canScaleProperty().not());
        scale.setOnAction(e -> openScale());
        HBox box = new HBox(10, caption, scale);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(6, 0, 0, 0));
        return box;
    }

    private void buildPools() {
        pools.setId("pools-table");
        pools.setItems(model.pools());
        pools.setPlaceholder(Labels.muted("Select a node to see its pools"));
        pools.getColumns().add(Tables.column("Pool", PoolRow::agent, 140));
        for (TableColumn<PoolRow, String> c : List.of(Tables.column("Size", (PoolRow p) -> Integer.toString(p.size()), 70),
                Tables.column("Busy", (PoolRow p) -> Integer.toString(p.busy()), 70),
                Tables.column("Idle", (PoolRow p) -> Integer.toString(p.idle()), 70),
                Tables.column("Min", PoolRow::minText, 70), Tables.column("Max", PoolRow::maxText, 70))) {
            pools.getColumns().add(Tables.numeric(c));
        }
        pools.getColumns().add(Tables.column("Autoscale", PoolRow::autoscaleText, 90));
        pools.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableSelection.follow(pools, PoolRow::agent, model.selectedPoolProperty(), model::selectPool, false);
    }

    private void confirm(NodeAction action) {
        NodeRow row = model.selectedProperty().get();
        if (row == null) return;
        String nodeId = row.nodeId(); // the command goes to the node the dialog names, whatever is selected later
        // the words follow the node while the dialog is open: it never says "1 run in flight" beside a table showing 0
        model.openConfirmation(action, nodeId).ifPresent(words -> Dialogs.confirm(words, "confirm-node-" + action.name().toLowerCase(Locale.ROOT))
                .following(model.openConsequenceProperty(), model::closeConfirmation)
                .show(root, () -> model.perform(action, nodeId)));
    }

    private void openScale() {
        NodeRow row = model.selectedProperty().get();
        String agent = model.selectedPoolProperty().get();
        if (row == null || agent == null) return;
        String nodeId = row.nodeId();
        model.pool(nodeId, agent).ifPresent(pool -> new ScalePoolDialog(nodeId, pool,
                scale -> model.scaleConsequence(nodeId, agent, scale).orElse(""))
                .show(root, scale -> model.scale(nodeId, agent, scale)));
    }

    /** Older nodes do not say: a dash, not a blank that looks like a rendering fault. */
    private static <T> TableColumn<NodeRow, T> dashed(TableColumn<NodeRow, T> c) {
        c.setCellFactory(Tables.dashed());
        return c;
    }

    private static <T> TableColumn<NodeRow, T> numeric(TableColumn<NodeRow, T> c) {
        return Tables.numeric(dashed(c));
    }

    private static TableColumn<NodeRow, NodeState> stateColumn() {
        TableColumn<NodeRow, NodeState> c = Tables.observed("State", NodeRow::stateProperty, 100);
        c.setCellFactory(Tables.badges("node-state", NodeState::wire, s -> "node-state-" + s.wire()));
        return c;
    }

    private static TableColumn<NodeRow, String> heartbeatColumn() {
        TableColumn<NodeRow, String> c = Tables.observed("Heartbeat", NodeRow::ageProperty, 110);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String age, boolean empty) {
                super.updateItem(age, empty);
                setText(empty ? null : age);
                NodeRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                pseudoClassStateChanged(STALE, row != null && row.staleProperty().get());
            }
        });
        c.setId("nodes-heartbeat");
        return c;
    }

    /** A lost node's row is greyed, and follows its node's state as it changes. */
    private static final class NodeTableRow extends TableRow<NodeRow> {
        private final ChangeListener<NodeState> onState = (o, was, now) -> pseudoClassStateChanged(LOST, now == NodeState.LOST);
        private NodeRow watched;

        @Override
        protected void updateItem(NodeRow row, boolean empty) {
            super.updateItem(row, empty);
            if (watched != null) watched.stateProperty().removeListener(onState);
            watched = empty ? null : row;
            if (watched != null) watched.stateProperty().addListener(onState);
            pseudoClassStateChanged(LOST, watched != null && watched.lost());
        }
    }

    @Override
    public Parent root() {
        return root;
    }
}
