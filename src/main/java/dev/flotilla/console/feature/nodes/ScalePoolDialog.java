package dev.flotilla.console.feature.nodes;

import dev.flotilla.console.fleet.PoolScale;
import dev.flotilla.console.fx.Dialogs;
import dev.flotilla.console.fx.Fxml;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;

/**
 * Scaling one pool of one node: a new size, new autoscaling bounds, or both (the form is
 * ScalePoolDialog.fxml). The dialog is its own confirmation: it says what will happen as the values
 * change, and nothing is sent until "Scale pool" is pressed. Shown without blocking; the answer
 * arrives as a callback.
 */
final class ScalePoolDialog {

    /** The API's bounds for a pool's size. */
    static final int MAX_SIZE = 1024; // the runtime's AgentPool.MAX_SIZE
    /** Autoscaling may go further than a manual size (a node of 1,000 agents is a benchmark target). */
    static final int MAX_BOUND = 1024;

    private final Dialog<PoolScale> dialog = new Dialog<>();
    @FXML private CheckBox setSize;
    @FXML private Spinner<Integer> size;
    @FXML private Label sizeNow;
    @FXML private CheckBox setBounds;
    @FXML private Spinner<Integer> min;
    @FXML private Spinner<Integer> max;
    @FXML private Label boundsNow;
    @FXML private Label consequence;
    @FXML private Label problem;
    @FXML private ButtonType go;
    private final Function<PoolScale, String> describe;
    private final PoolRow pool;

    ScalePoolDialog(String nodeId, PoolRow pool, Function<PoolScale, String> describe) {
        this.describe = describe;
        this.pool = pool;
        dialog.setDialogPane(Fxml.load(this, "ScalePoolDialog.fxml"));
        spinner(size, 1, MAX_SIZE, Math.clamp(pool.size(), 1, MAX_SIZE));
        spinner(min, 1, MAX_BOUND, pool.min() != null ? pool.min() : 1);
        spinner(max, 1, MAX_BOUND, pool.max() != null ? pool.max() : Math.max(pool.size(), 1));
        size.disableProperty().bind(setSize.selectedProperty().not());
        min.disableProperty().bind(setBounds.selectedProperty().not());
        max.disableProperty().bind(setBounds.selectedProperty().not());
        sizeNow.setText("agents (now " + pool.size() + ")");
        boundsNow.setText(pool.autoscale() == null ? "agents"
                : "agents (now " + (pool.autoscale() ? pool.minText() + "–" + pool.maxText() : "off") + ")");
        problem.managedProperty().bind(problem.visibleProperty());

        dialog.setTitle("Scale pool");
        dialog.setHeaderText("Scale pool " + pool.agent() + " on node " + nodeId + "?");
        dialog.getDialogPane().lookupButton(go).setId("confirm-scale-pool");
        dialog.setResultConverter(b -> b == go && problem.getText().isEmpty() ? current() : null);
        for (var v : List.of(setSize.selectedProperty(), setBounds.selectedProperty(),
                size.valueProperty(), min.valueProperty(), max.valueProperty())) {
            v.addListener((o, was, now) -> refresh());
        }
        refresh();
    }

    /** Shows the dialog near {@code anchor}; {@code onScale} runs on the FX thread only if confirmed. */
    void show(Node anchor, Consumer<PoolScale> onScale) {
        Dialogs.attach(dialog, anchor);
        dialog.resultProperty().addListener((o, was, scale) -> {
            if (scale != null) onScale.accept(scale);
        });
        dialog.show();
    }

    /** The request the form describes, or null when it describes none that makes sense. */
    private PoolScale current() {
        try {
            return new PoolScale(setSize.isSelected() ? size.getValue() : null,
                    setBounds.isSelected() ? min.getValue() : null, setBounds.isSelected() ? max.getValue() : null);
        } catch (IllegalArgumentException invalid) {
            return null;
        }
    }

    private void refresh() {
        PoolScale s = current();
        String why = null;
        if (!setSize.isSelected() && !setBounds.isSelected()) why = "Choose a size, autoscaling bounds, or both.";
        else if (setBounds.isSelected() && min.getValue() > max.getValue()) why = "The minimum is above the maximum.";
        else if (s != null && s.size() != null && s.changesBounds() && (s.size() < s.min() || s.size() > s.max())) {
            why = "The size must lie within the autoscaling bounds.";
        }
        consequence.setText(s == null || why != null ? "" : describe.apply(s));
        problem.setText(why == null ? "" : why);
        problem.setVisible(why != null);
        // asking for what already is would be an action that does nothing: say so, and offer none
        dialog.getDialogPane().lookupButton(go).setDisable(s == null || why != null || unchanged(s));
        // the words change length as values move: the window follows, so nothing is cut off
        if (dialog.isShowing()) dialog.getDialogPane().getScene().getWindow().sizeToScene();
    }

    private boolean unchanged(PoolScale s) {
        boolean sameSize = s.size() == null || s.size() == pool.size();
        boolean sameBounds = !s.changesBounds() || (s.min().equals(pool.min()) && s.max().equals(pool.max()));
        return sameSize && sameBounds;
    }

    private static void spinner(Spinner<Integer> s, int from, int to, int value) {
        s.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(from, to, Math.clamp(value, from, to)));
        // a typed number counts as soon as focus leaves, so the consequence never describes stale values
        s.focusedProperty().addListener((o, was, focused) -> {
            if (!focused) {
                try {
                    s.commitValue();
                } catch (NumberFormatException notANumber) {
                    s.cancelEdit();
                }
            }
        });
    }
}
