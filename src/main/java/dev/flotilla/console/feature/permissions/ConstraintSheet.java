package dev.flotilla.console.feature.permissions;

import dev.flotilla.console.fx.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;

/**
 * The selected cell's grant in a property sheet: whether calls need approval, and per constrained
 * argument its allowed values, pattern and maximum; plus a field to constrain one more argument.
 * The sheet is rebuilt only when the cell or its arguments change, so typing keeps its focus.
 */
final class ConstraintSheet {

    private final PermissionsViewModel model;
    private final VBox root = new VBox(8);
    private final Label title = new Label();
    private final Label hint = Labels.muted("");
    private final PropertySheet sheet = new PropertySheet();
    private final TextField argument = new TextField();
    private final HBox add;
    private String tool;
    private String role;
    private List<String> shownKey = List.of();

    ConstraintSheet(PermissionsViewModel model) {
        this.model = model;
        root.setId("permissions-cell-editor");
        title.getStyleClass().add("section-title");
        title.setId("permissions-cell-title");
        hint.setWrapText(true);
        sheet.setId("permissions-constraints");
        sheet.setMode(PropertySheet.Mode.NAME);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        argument.setId("permissions-add-argument");
        argument.setPromptText("argument name, e.g. path");
        argument.setOnAction(e -> addArgument());
        Button addButton = new Button("Constrain");
        addButton.setId("permissions-add-argument-button");
        addButton.setTooltip(new Tooltip("Constrain this argument of the tool's calls (allowed values, pattern, maximum)"));
        addButton.setOnAction(e -> addArgument());
        add = new HBox(6, argument, addButton);
        add.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(argument, Priority.ALWAYS);
        VBox.setVgrow(sheet, Priority.ALWAYS);
        root.getChildren().addAll(title, hint, sheet, add);
        model.draftProperty().addListener((o, was, now) -> refresh());
        show(null, null);
    }

    VBox root() { return root; }

    TextField argumentField() { return argument; }

    /** Shows the grant of {@code tool} to {@code role}; nulls for no cell. */
    void show(String tool, String role) {
        this.tool = tool;
        this.role = role;
        shownKey = null;
        refresh();
    }

    private void addArgument() {
        if (tool == null || role == null) return;
        model.addConstraint(tool, role, argument.getText());
        argument.clear();
    }

    private void refresh() {
        PolicyDraft d = model.draftProperty().get();
        boolean cell = d != null && tool != null && role != null && d.roles().contains(role);
        add.setDisable(!cell);
        if (!cell) {
            title.setText("No cell selected");
            hint.setText("Pick a cell of the matrix (arrow keys). Space: deny → allow → needs approval; A allow, R needs approval,"
                    + " D deny; Enter edits its constraints.");
            sheet.getItems().clear();
            shownKey = List.of();
            return;
        }
        GrantDraft g = d.grant(tool, role);
        List<String> key = new ArrayList<>(List.of(tool, role, g == null ? "-" : "+"));
        if (g != null) key.addAll(g.constraints().keySet());
        title.setText(role + " · " + tool + ": " + d.kind(tool, role).words());
        hint.setText(g == null ? (ToolWords.viaAny(d, tool, role) ? "Not granted by name; " + d.summary(tool, role) + "." : "Denied.")
                + " Constraining an argument allows the tool with that constraint."
                : "A call that gives a constrained argument must keep every part set; leaving the argument out is allowed.");
        if (key.equals(shownKey)) return;
        shownKey = key;
        List<PropertySheet.Item> items = new ArrayList<>();
        if (g != null) {
            items.add(new ApprovalItem());
            for (String arg : g.constraints().keySet()) {
                for (ConstraintItem.Part p : ConstraintItem.Part.values()) items.add(new ConstraintItem(arg, p));
            }
        }
        sheet.getItems().setAll(FXCollections.observableArrayList(items));
    }

    private GrantDraft grant() {
        PolicyDraft d = model.draftProperty().get();
        return d == null || tool == null ? null : d.grant(tool, role);
    }

    /** Whether each call of the tool by the role waits for an operator's approval. */
    private final class ApprovalItem implements PropertySheet.Item {
        @Override public Class<?> getType() { return Boolean.class; }
        @Override public String getCategory() { return "Grant"; }
        @Override public String getName() { return "Needs approval"; }
        @Override public String getDescription() { return "Each call waits for an operator to approve it"; }

        @Override
        public Object getValue() {
            GrantDraft g = grant();
            return g != null && g.approval();
        }

        @Override
        public void setValue(Object value) {
            if (tool != null) model.setApproval(tool, role, Boolean.TRUE.equals(value));
        }

        @Override public Optional<ObservableValue<?>> getObservableValue() { return Optional.empty(); }
    }

    /** One part of one argument's constraint, as text. */
    private final class ConstraintItem implements PropertySheet.Item {
        enum Part { VALUES, PATTERN, MAX }

        private final String arg;
        private final Part part;

        ConstraintItem(String arg, Part part) {
            this.arg = arg;
            this.part = part;
        }

        @Override public Class<?> getType() { return String.class; }
        @Override public String getCategory() { return arg; }

        @Override
        public String getName() {
            return arg + " · " + switch (part) {
                case VALUES -> "allowed values";
                case PATTERN -> "pattern";
                case MAX -> "maximum";
            };
        }

        @Override
        public String getDescription() {
            return switch (part) {
                case VALUES -> "Comma-separated; the argument must be one of them (blank: any)";
                case PATTERN -> "A regular expression the whole text must match (blank: any)";
                case MAX -> "The largest number allowed (blank: no maximum)";
            };
        }

        private ConstraintDraft current() {
            GrantDraft g = grant();
            return g == null ? ConstraintDraft.EMPTY : g.constraints().getOrDefault(arg, ConstraintDraft.EMPTY);
        }

        @Override
        public Object getValue() {
            ConstraintDraft c = current();
            return switch (part) {
                case VALUES -> c.values();
                case PATTERN -> c.pattern();
                case MAX -> c.max();
            };
        }

        @Override
        public void setValue(Object value) {
            if (tool == null) return;
            String v = value == null ? "" : value.toString();
            ConstraintDraft c = current();
            ConstraintDraft next = switch (part) {
                case VALUES -> new ConstraintDraft(v, c.pattern(), c.max());
                case PATTERN -> new ConstraintDraft(c.values(), v, c.max());
                case MAX -> new ConstraintDraft(c.values(), c.pattern(), v);
            };
            if (!next.equals(c)) model.setConstraint(tool, role, arg, next);
        }

        @Override public Optional<ObservableValue<?>> getObservableValue() { return Optional.empty(); }
    }
}
