package dev.flotilla.console.feature.nodes;

import dev.flotilla.console.fleet.PoolScale;
import dev.flotilla.console.fx.Dialogs;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Scaling one pool of one node: a new size, new autoscaling bounds, or both. The dialog is its own
 * confirmation: it says what will happen as the values change, and nothing is sent until
 * "Scale pool" is pressed. Shown without blocking; the answer arrives as a callback.
 */
final class ScalePoolDialog {

    /** The API's bounds for a pool's size. */
    static final int MAX_SIZE = 1024; // the runtime's AgentPool.MAX_SIZE
    /** Autoscaling may go further than a manual size (a node of 1,000 agents is a benchmark target). */
    static final int MAX_BOUND = 1024;

    private final Dialog<PoolScale> dialog = new Dialog<>();
    private final CheckBox setSize = new CheckBox("Set the size to");
    private final Spinner<Integer> size;
    private final CheckBox setBounds = new CheckBox("Autoscale between");
    private final Spinner<Integer> min;
    private final Spinner<Integer> max;
    private final Label consequence = new Label();
    private final Label problem = new Label();
    private final Function<PoolScale, String> describe;
    private final PoolRow pool;
    private final ButtonType go = new ButtonType("Scale pool", ButtonBar.ButtonData.OK_DONE);

    ScalePoolDialog(String nodeId, PoolRow pool, Function<PoolScale, String> describe) {
        this.describe = describe;
        this.pool = pool;
        size = spinner("scale-size", 1, MAX_SIZE, Math.clamp(pool.size(), 1, MAX_SIZE));
        min = spinner("scale-min", 1, MAX_BOUND, pool.min() != null ? pool.min() : 1);
        max = spinner("scale-max", 1, MAX_BOUND, pool.max() != null ? pool.max() : Math.max(pool.size(), 1));
        setSize.setId("scale-set-size");
        setSize.setSelected(true);
        setBounds.setId("scale-set-bounds");
        setBounds.setSelected(false);
        size.disableProperty().bind(setSize.selectedProperty().not());
        min.disableProperty().bind(setBounds.selectedProperty().not());
        max.disableProperty().bind(setBounds.selectedProperty().not());

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(10);
        HBox sizeRow = new HBox(8, size, muted("agents (now " + pool.size() + ")"));
        HBox boundsRow = new HBox(8, min, new Label("and"), max, muted(pool.autoscale() == null ? "agents"
                : "agents (now " + (pool.autoscale() ? pool.minText() + "–" + pool.maxText() : "off") + ")"));
        sizeRow.setAlignment(Pos.CENTER_LEFT);
        boundsRow.setAlignment(Pos.CENTER_LEFT);
        form.addRow(0, setSize, sizeRow);
        form.addRow(1, setBounds, boundsRow);
        consequence.setId("scale-consequence");
        consequence.setWrapText(true);
        consequence.setPrefWidth(460);
        consequence.setMinHeight(Region.USE_PREF_SIZE); // wrapped lines take room instead of ending in "…"
        problem.setId("scale-problem");
        problem.getStyleClass().add("error-text");
        problem.setWrapText(true);
        problem.setPrefWidth(460);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.managedProperty().bind(problem.visibleProperty());
        VBox content = new VBox(12, form, consequence, problem);
        content.setPadding(new Insets(12, 14, 4, 14));
        content.setMinWidth(480);

        dialog.setTitle("Scale pool");
        dialog.setHeaderText("Scale pool " + pool.agent() + " on node " + nodeId + "?");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(go, new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE));
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

    private static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("muted");
        return l;
    }

    private static Spinner<Integer> spinner(String id, int from, int to, int value) {
        Spinner<Integer> s = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(from, to, Math.clamp(value, from, to)));
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(90);
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
        return s;
    }
}
