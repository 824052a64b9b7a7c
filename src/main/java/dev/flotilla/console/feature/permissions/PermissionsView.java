package dev.flotilla.console.feature.permissions;

import dev.flotilla.console.fleet.ToolPolicyVersion;
import dev.flotilla.console.fx.Dialogs;
import dev.flotilla.console.fx.Labels;
import dev.flotilla.console.fx.Styles;
import dev.flotilla.console.fx.Tables;
import dev.flotilla.console.page.PageView;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TablePosition;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The permissions page: the matrix of tools by tool roles (keyboard-first: arrows move, Space
 * cycles, A/R/D set, Enter edits constraints, Shortcut+Z/Y undo and redo), the selected cell's
 * grant in a property sheet, the draft (its changes, problems, dry run, publish with a comment) and
 * the version history with rollback.
 */
public final class PermissionsView implements PageView {

    public static final String ROOT_ID = "permissions-page";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    static final KeyCombination UNDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination REDO = new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination REDO_SHIFT = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    static final KeyCombination PUBLISH = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);

    private final PermissionsViewModel model;
    private final VBox root = new VBox(10);
    private final TableView<String> matrix = new TableView<>();
    private final ConstraintSheet sheet;
    private final TableView<ToolPolicyVersion> history = new TableView<>();

    public PermissionsView(PermissionsViewModel model) {
        this.model = model;
        this.sheet = new ConstraintSheet(model);
        root.setId(ROOT_ID);
        root.getStyleClass().add(Styles.PAGE);
        root.setPadding(new Insets(16));
        buildMatrix();
        Label status = Labels.muted("");
        status.setId("permissions-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        VBox matrixBox = new VBox(6, matrix, addRow());
        VBox.setVgrow(matrix, Priority.ALWAYS);
        VBox editor = sheet.root();
        editor.setPrefWidth(360);
        editor.setMinWidth(300);
        HBox top = new HBox(10, matrixBox, editor);
        HBox.setHgrow(matrixBox, Priority.ALWAYS);
        VBox.setVgrow(top, Priority.ALWAYS);
        HBox bottom = new HBox(10, draftBox(), historyBox());
        HBox.setHgrow(bottom.getChildren().getFirst(), Priority.ALWAYS);
        bottom.setPrefHeight(250);
        bottom.setMinHeight(200);
        root.getChildren().addAll(header(), status, top, bottom);
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::shortcuts);
        // keyboard-first: when the page is shown (and once its policy is there) the keys go to the matrix
        root.sceneProperty().addListener((o, was, now) -> focusMatrix());
        root.visibleProperty().addListener((o, was, now) -> focusMatrix()); // the shell shows a page by making it visible
        model.shownProperty().addListener((o, was, now) -> focusMatrix());
        model.draftProperty().addListener((o, was, now) -> {
            if (was == null) focusMatrix();
        });
    }

    private void shortcuts(KeyEvent e) {
        if (e.getTarget() instanceof TextField && !PUBLISH.match(e)) return; // a field's own undo wins
        if (UNDO.match(e)) model.undo();
        else if (REDO.match(e) || REDO_SHIFT.match(e)) model.redo();
        else if (PUBLISH.match(e)) model.publish();
        else return;
        e.consume();
    }

    private HBox header() {
        Button undo = new Button("Undo");
        undo.setId("permissions-undo");
        undo.setTooltip(new Tooltip("Undo the last change to the draft (Shortcut+Z)"));
        undo.disableProperty().bind(model.canUndoProperty().not());
        undo.setOnAction(e -> model.undo());
        Button redo = new Button("Redo");
        redo.setId("permissions-redo");
        redo.setTooltip(new Tooltip("Redo (Shortcut+Y)"));
        redo.disableProperty().bind(model.canRedoProperty().not());
        redo.setOnAction(e -> model.redo());
        Button refresh = new Button("Refresh");
        refresh.setId("permissions-refresh");
        refresh.setOnAction(e -> model.reload());
        return Labels.header(Labels.pageTitle("Permissions"), new Node[0],
                Labels.feedback("permissions-message", model.messageProperty(), model.messageIsErrorProperty()), undo, redo, refresh);
    }

    private void buildMatrix() {
        matrix.setId("permissions-matrix");
        matrix.setItems(model.tools());
        matrix.getSelectionModel().setCellSelectionEnabled(true);
        matrix.setPlaceholder(Labels.placeholder("permissions-empty", model.statusProperty()));
        TableColumn<String, String> tool = Tables.column("Tool", ToolWords::toolName, 150);
        tool.setId("permissions-tool-column");
        tool.setSortable(false);
        matrix.getColumns().add(tool);
        model.roles().addListener((ListChangeListener<String>) c -> roleColumns());
        roleColumns();
        model.draftProperty().addListener((o, was, now) -> matrix.refresh());
        matrix.getFocusModel().focusedCellProperty().addListener((o, was, now) -> {
            // the tool names are row headers, not cells to edit: the keys land on the row's first role instead
            if (now != null && now.getRow() >= 0 && matrix.getColumns().size() > 1
                    && (now.getTableColumn() == null || now.getTableColumn() == matrix.getColumns().getFirst())) {
                matrix.getFocusModel().focus(now.getRow(), matrix.getColumns().get(1));
                matrix.getSelectionModel().clearAndSelect(now.getRow(), matrix.getColumns().get(1));
                return;
            }
            showFocused();
        });
        matrix.addEventFilter(KeyEvent.KEY_PRESSED, this::matrixKeys);
        matrix.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    private void roleColumns() {
        matrix.getColumns().remove(1, matrix.getColumns().size());
        for (String role : model.roles()) {
            TableColumn<String, String> c = new TableColumn<>(role);
            c.setId("permissions-role-" + role);
            c.setUserData(role);
            c.setSortable(false);
            c.setPrefWidth(170);
            c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue()));
            c.setCellFactory(col -> new GrantCell(role));
            matrix.getColumns().add(c);
        }
    }

    /** One cell: its mark and words, styled by its kind; a double click cycles it. */
    private final class GrantCell extends TableCell<String, String> {
        private final String role;

        GrantCell(String role) {
            this.role = role;
            setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && getItem() != null) model.cycle(getItem(), role);
            });
        }

        @Override
        protected void updateItem(String tool, boolean empty) {
            super.updateItem(tool, empty);
            getStyleClass().removeIf(s -> s.startsWith("cell-"));
            PolicyDraft d = model.draftProperty().get();
            if (empty || tool == null || d == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            CellKind kind = d.kind(tool, role);
            boolean viaAny = ToolWords.viaAny(d, tool, role);
            String words = d.summary(tool, role);
            setText(viaAny ? CellKind.ALLOW.mark() + " via *" : kind.mark() + " " + words);
            getStyleClass().add(viaAny ? "cell-via-any" : kind.styleClass());
            setTooltip(new Tooltip(role + " · " + ToolWords.toolName(tool) + ": " + words));
        }
    }

    private void matrixKeys(KeyEvent e) {
        String[] cell = focused();
        if (cell == null) return;
        switch (e.getCode()) {
            case SPACE -> model.cycle(cell[0], cell[1]);
            case A -> model.setKind(cell[0], cell[1], CellKind.ALLOW);
            case R -> model.setKind(cell[0], cell[1], CellKind.APPROVAL);
            case D, DELETE, BACK_SPACE -> model.setKind(cell[0], cell[1], CellKind.DENY);
            case ENTER -> sheet.argumentField().requestFocus();
            default -> {
                return;
            }
        }
        if (e.isShortcutDown()) return;
        e.consume();
    }

    /** {tool, role} of the focused cell, or null when it is not a role's cell. */
    private String[] focused() {
        TablePosition<String, ?> p = matrix.getFocusModel().getFocusedCell();
        if (p == null || p.getRow() < 0 || p.getRow() >= model.tools().size() || p.getTableColumn() == null
                || !(p.getTableColumn().getUserData() instanceof String role)) return null;
        return new String[] {model.tools().get(p.getRow()), role};
    }

    private void showFocused() {
        String[] cell = focused();
        if (cell == null) sheet.show(null, null);
        else sheet.show(cell[0], cell[1]);
    }

    private HBox addRow() {
        TextField tool = new TextField();
        tool.setId("permissions-new-tool");
        tool.setPromptText("add a tool row, e.g. search");
        tool.setOnAction(e -> {
            if (model.addTool(tool.getText())) tool.clear();
        });
        TextField role = new TextField();
        role.setId("permissions-new-role");
        role.setPromptText("add a tool role column, e.g. ops");
        role.setOnAction(e -> {
            if (model.addRole(role.getText())) role.clear();
        });
        HBox box = new HBox(8, tool, role);
        HBox.setHgrow(tool, Priority.ALWAYS);
        HBox.setHgrow(role, Priority.ALWAYS);
        return box;
    }

    private VBox draftBox() {
        ListView<String> changes = new ListView<>(model.changes());
        changes.setId("permissions-changes");
        changes.setPlaceholder(Labels.muted("No changes: the draft is the version in force. Edit the matrix to start one."));
        changes.setPrefHeight(90);
        Label problems = new Label();
        problems.setId("permissions-problems");
        problems.getStyleClass().add(Styles.ERROR_TEXT);
        problems.setWrapText(true);
        model.problems().addListener((ListChangeListener<String>) c -> problems.setText(String.join("\n", model.problems())));
        problems.managedProperty().bind(problems.textProperty().isNotEmpty());
        Button dryRun = new Button("Dry run");
        dryRun.setId("permissions-dry-run");
        dryRun.setTooltip(new Tooltip("Replay the last 1,000 runs' tool calls against the draft; nothing is published"));
        dryRun.disableProperty().bind(model.canDryRunBinding().not());
        dryRun.setOnAction(e -> model.dryRun());
        dryRun.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label dryRunText = new Label();
        dryRunText.setId("permissions-dry-run-result");
        dryRunText.setWrapText(true);
        dryRunText.textProperty().bind(model.dryRunTextProperty());
        HBox dry = new HBox(8, dryRun, dryRunText);
        dry.setAlignment(Pos.CENTER_LEFT);
        TextField comment = new TextField();
        comment.setId("permissions-comment");
        comment.setPromptText("why this change (required to publish)");
        comment.textProperty().bindBidirectional(model.commentProperty());
        Button publish = new Button("Publish");
        publish.setId("permissions-publish");
        publish.getStyleClass().add("accent");
        publish.setTooltip(new Tooltip("Publish the draft as the next version; every node enforces it within a heartbeat (Shortcut+Enter)"));
        publish.disableProperty().bind(model.canPublishBinding().not());
        publish.setOnAction(e -> model.publish());
        Button discard = new Button("Discard draft");
        discard.setId("permissions-discard");
        discard.disableProperty().bind(model.dirtyProperty().not().or(model.workingProperty()));
        discard.setOnAction(e -> model.discardDraft());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(18, 18);
        progress.visibleProperty().bind(model.workingProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        HBox publishBar = new HBox(8, comment, publish, discard, progress);
        publishBar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(comment, Priority.ALWAYS);
        VBox box = new VBox(6, Labels.sectionTitle("Draft"), changes, problems, dry, publishBar);
        box.setId("permissions-draft");
        VBox.setVgrow(changes, Priority.ALWAYS);
        return box;
    }

    private VBox historyBox() {
        history.setId("permissions-history");
        history.setItems(model.versions());
        history.setPlaceholder(Labels.muted("No versions yet"));
        history.getColumns().add(Tables.bounded(Tables.column("Version", v -> "v" + v.version(), 60), 50, 80));
        history.getColumns().add(Tables.bounded(Tables.column("Published", v -> v.publishedAt() == null ? "built in" : WHEN.format(v.publishedAt()), 120), 90, 150));
        history.getColumns().add(Tables.bounded(Tables.column("By", v -> Objects.requireNonNullElse(v.publishedBy(), ""), 70), 50, 120));
        history.getColumns().add(Tables.column("Comment", v -> Objects.requireNonNullElse(v.comment(), ""), 160));
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Button rollback = new Button("Roll back to selected…");
        rollback.setId("permissions-rollback");
        rollback.disableProperty().bind(history.getSelectionModel().selectedItemProperty().isNull().or(model.workingProperty()));
        rollback.setOnAction(e -> {
            ToolPolicyVersion v = history.getSelectionModel().getSelectedItem();
            if (v == null) return;
            Dialogs.confirm(model.rollbackConfirmation(v), "confirm-rollback").show(root, () -> model.rollback(v));
        });
        VBox box = new VBox(6, Labels.sectionTitle("History"), history, rollback);
        box.setPrefWidth(460);
        box.setMinWidth(360);
        VBox.setVgrow(history, Priority.ALWAYS);
        return box;
    }

    /** Puts the keyboard in the matrix, on its first role's first cell, when the page is shown. */
    void focusMatrix() {
        if (root.getScene() == null || !root.isVisible() || !model.shownProperty().get() || model.draftProperty().get() == null) return;
        if (root.getScene().getFocusOwner() instanceof TextField f && f.getScene() != null && isInside(f)) return; // typing here
        matrix.requestFocus();
        TablePosition<String, ?> p = matrix.getFocusModel().getFocusedCell();
        if (matrix.getColumns().size() > 1 && !model.tools().isEmpty() && (p == null || p.getRow() < 0 || p.getTableColumn() == null)) {
            matrix.getFocusModel().focus(0, matrix.getColumns().get(1));
            matrix.getSelectionModel().select(0, matrix.getColumns().get(1));
        }
    }

    private boolean isInside(Node n) {
        for (Node at = n; at != null; at = at.getParent()) if (at == root) return true;
        return false;
    }

    @Override
    public Parent root() {
        return root;
    }
}
