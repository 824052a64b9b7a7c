package dev.flotilla.console.feature.keys;

import dev.flotilla.console.fleet.KeyInfo;
import dev.flotilla.console.fx.Dialogs;
import dev.flotilla.console.fx.Labels;
import dev.flotilla.console.fx.Styles;
import dev.flotilla.console.fx.TableSelection;
import dev.flotilla.console.fx.Tables;
import dev.flotilla.console.page.PageView;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Keys page: the console's own role, the fleet's keys, and create (secret shown once), rotate and revoke. */
public final class KeysView implements PageView {

    public static final String ROOT_ID = "keys-page";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final KeysViewModel model;
    private final VBox root = new VBox(10);
    private final TableView<KeyInfo> table = new TableView<>();

    public KeysView(KeysViewModel model) {
        this.model = model;
        root.setId(ROOT_ID);
        root.getStyleClass().add(Styles.PAGE);
        root.setPadding(new Insets(16));
        Label role = new Label();
        role.setId("keys-role");
        role.getStyleClass().add("role-line");
        role.textProperty().bind(model.roleTextProperty());
        buildTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().addAll(header(), role, actions(), table);
        model.issuedProperty().addListener((o, was, now) -> {
            if (now != null) showSecret(now); // show(), not showAndWait(): no nested loop inside a listener
        });
    }

    private HBox header() {
        Button refresh = new Button("Refresh");
        refresh.setId("keys-refresh");
        refresh.setOnAction(e -> model.reload());
        return Labels.header(Labels.pageTitle("Keys"), new Node[0],
                Labels.feedback("keys-message", model.messageProperty(), model.messageIsErrorProperty()), refresh);
    }

    private HBox actions() {
        Button create = new Button("New key…");
        create.setId("keys-create");
        create.getStyleClass().add("accent");
        create.disableProperty().bind(model.canCreateBinding().not());
        create.setTooltip(new Tooltip("Make a key with an operator role; its secret is shown once"));
        create.setOnAction(e -> showCreate());
        Button rotate = new Button("Rotate…");
        rotate.setId("keys-rotate");
        rotate.disableProperty().bind(model.canActBinding().not());
        rotate.setTooltip(new Tooltip("A new secret for the selected key; the current one stops working"));
        rotate.setOnAction(e -> {
            String id = model.selectedIdProperty().get();
            if (id == null) return;
            model.rotateConfirmation(id).ifPresent(words -> Dialogs.confirm(words, "confirm-rotate").show(root, () -> model.rotate(id)));
        });
        Button revoke = new Button("Revoke…");
        revoke.setId("keys-revoke");
        revoke.getStyleClass().add("danger");
        revoke.disableProperty().bind(model.canActBinding().not());
        revoke.setTooltip(new Tooltip("Stop the selected key on every node, for good"));
        revoke.setOnAction(e -> {
            String id = model.selectedIdProperty().get();
            if (id == null) return;
            model.revokeConfirmation(id).ifPresent(words ->
                    Dialogs.confirm(words, "confirm-revoke").no("Keep it").destructive().show(root, () -> model.revoke(id)));
        });
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(18, 18);
        progress.visibleProperty().bind(model.workingProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        HBox bar = new HBox(8, create, rotate, revoke, progress);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private void buildTable() {
        table.setId("keys-table");
        table.setItems(model.keys());
        table.setPlaceholder(Labels.placeholder("keys-empty", model.emptyTextProperty()));
        table.getColumns().add(Tables.column("Name", KeyInfo::name, 160));
        table.getColumns().add(Tables.bounded(Tables.column("Role", KeyInfo::role, 80), 70, 110));
        table.getColumns().add(Tables.bounded(Tables.column("Tool role", KeyInfo::toolRole, 90), 70, 140));
        table.getColumns().add(Tables.column("May act for", k -> String.join(", ", k.toolRoles()), 140));
        TableColumn<KeyInfo, String> state = Tables.bounded(Tables.column("State", KeyInfo::state, 80), 70, 100);
        state.setCellFactory(Tables.styled(s -> s, s -> "state-" + s));
        table.getColumns().add(state);
        table.getColumns().add(Tables.bounded(Tables.column("Created", k -> when(k.createdAt()), 135), 130, 160));
        table.getColumns().add(Tables.bounded(Tables.column("Expires", k -> k.expiresAt() == null ? "never" : when(k.expiresAt()), 135), 130, 160));
        table.getColumns().add(Tables.column("Id", KeyInfo::id, 130));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableSelection.follow(table, KeyInfo::id, model.selectedIdProperty(), model::select, true);
    }

    private void showCreate() {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("New key");
        dialog.setHeaderText("A key for a person or a system, with what it may do");
        Dialogs.attach(dialog, root);
        TextField name = new TextField();
        name.setId("key-name");
        name.setPromptText("e.g. grafana or alice");
        ChoiceBox<String> role = new ChoiceBox<>();
        role.setId("key-role");
        role.getItems().addAll("viewer", "operator", "admin");
        role.setValue("viewer");
        TextField toolRole = new TextField("user");
        toolRole.setId("key-tool-role");
        TextField more = new TextField();
        more.setId("key-tool-roles");
        more.setPromptText("e.g. admin, support (optional)");
        TextField days = new TextField();
        days.setId("key-expires-days");
        days.setPromptText("blank: never");
        Label problem = new Label();
        problem.setId("key-problem");
        problem.getStyleClass().add(Styles.ERROR_TEXT);
        problem.setWrapText(true);
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label("Name"), name);
        form.addRow(1, new Label("Role"), role);
        form.addRow(2, new Label("Tool role (default)"), toolRole);
        form.addRow(3, new Label("Other tool roles"), more);
        form.addRow(4, new Label("Expires in (days)"), days);
        form.add(problem, 0, 5, 2, 1);
        Label roles = Labels.muted("viewer reads everything · operator also runs, steers nodes and handles dead letters · admin also manages keys and policy");
        roles.setWrapText(true);
        roles.setMaxWidth(420);
        dialog.getDialogPane().setContent(new VBox(10, form, roles));
        ButtonType create = new ButtonType("Create", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);
        Button go = (Button) dialog.getDialogPane().lookupButton(create);
        go.setId("key-create-confirm");
        Runnable check = () -> {
            var p = model.problem(name.getText(), role.getValue(), toolRole.getText(), more.getText(), days.getText());
            problem.setText(p.orElse(""));
            go.setDisable(p.isPresent());
        };
        name.textProperty().addListener((o, a, b) -> check.run());
        toolRole.textProperty().addListener((o, a, b) -> check.run());
        more.textProperty().addListener((o, a, b) -> check.run());
        days.textProperty().addListener((o, a, b) -> check.run());
        role.valueProperty().addListener((o, a, b) -> check.run());
        check.run();
        problem.setText(""); // no scolding before anything was typed
        dialog.setOnShown(e -> name.requestFocus());
        dialog.setResultConverter(b -> b);
        dialog.show();
        dialog.resultProperty().addListener((o, was, now) -> {
            if (now == create) model.create(name.getText(), role.getValue(), toolRole.getText(), more.getText(), days.getText());
        });
    }

    /** The secret, once: selectable, copyable, and gone from the console when the dialog closes. */
    private void showSecret(KeyInfo key) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Key secret");
        dialog.setHeaderText("The secret of '" + key.name() + "' (" + key.role() + ")");
        Dialogs.attach(dialog, root);
        TextField secret = new TextField(key.key());
        secret.setId("key-secret");
        secret.setEditable(false);
        secret.setPrefColumnCount(48);
        Button copy = new Button("Copy");
        copy.setId("key-secret-copy");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(key.key());
            Clipboard.getSystemClipboard().setContent(c);
            copy.setText("Copied");
        });
        HBox row = new HBox(8, secret, copy);
        HBox.setHgrow(secret, Priority.ALWAYS);
        Label warn = new Label("This is the only time the secret is shown: the fleet keeps only its hash. Copy it now and store it"
                + " where its user keeps secrets.");
        warn.setWrapText(true);
        warn.setMaxWidth(520);
        warn.getStyleClass().add("secret-warning");
        dialog.getDialogPane().setContent(new VBox(10, row, warn));
        dialog.getDialogPane().getButtonTypes().add(new ButtonType("Done", ButtonBar.ButtonData.CANCEL_CLOSE));
        dialog.setOnShown(e -> secret.selectAll());
        dialog.setOnHidden(e -> model.secretShown());
        dialog.show();
    }

    private static String when(Instant t) {
        return t == null ? "" : WHEN.format(t);
    }

    @Override
    public Parent root() {
        return root;
    }
}
