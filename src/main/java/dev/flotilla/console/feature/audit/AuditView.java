package dev.flotilla.console.feature.audit;

import dev.flotilla.console.fleet.AuditRecord;
import dev.flotilla.console.fx.Labels;
import dev.flotilla.console.fx.Styles;
import dev.flotilla.console.fx.Tables;
import dev.flotilla.console.page.PageView;
import java.io.File;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The Audit page: filters, the chain's state, the entries (a virtualized table), more, and export with progress. */
public final class AuditView implements PageView {

    public static final String ROOT_ID = "audit-page";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final AuditViewModel model;
    private final VBox root = new VBox(10);
    private final TableView<AuditRecord> table = new TableView<>();

    public AuditView(AuditViewModel model) {
        this.model = model;
        root.setId(ROOT_ID);
        root.getStyleClass().add(Styles.PAGE);
        root.setPadding(new Insets(16));
        Label chain = new Label();
        chain.setId("audit-chain");
        chain.getStyleClass().add("chain-state");
        chain.setWrapText(true);
        chain.textProperty().bind(model.chainProperty());
        Labels.follow(chain, Styles.ERROR, model.chainBrokenProperty());
        buildTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        Button more = new Button("Older entries");
        more.setId("audit-more");
        more.disableProperty().bind(model.hasMoreProperty().not().or(model.loadingProperty()));
        more.setOnAction(e -> model.more());
        root.getChildren().addAll(header(), filters(), chain, table, more);
    }

    private HBox header() {
        Button refresh = new Button("Refresh");
        refresh.setId("audit-refresh");
        refresh.setOnAction(e -> model.reload());
        Button export = new Button("Export…");
        export.setId("audit-export");
        export.setTooltip(new Tooltip("Save the whole log as JSON Lines; verify it anywhere with 'flotilla-node audit verify FILE'"));
        export.disableProperty().bind(model.exportingProperty());
        export.setOnAction(e -> chooseAndExport());
        ProgressBar progress = new ProgressBar();
        progress.setId("audit-export-progress");
        progress.setPrefWidth(120);
        progress.progressProperty().bind(model.exportProgressProperty());
        progress.visibleProperty().bind(model.exportingProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        return Labels.header(Labels.pageTitle("Audit"), new Node[0],
                Labels.feedback("audit-message", model.messageProperty(), model.messageIsErrorProperty()), progress, export, refresh);
    }

    private HBox filters() {
        TextField actor = field("audit-actor", "key name or id", model.actorProperty(), 150);
        TextField action = field("audit-action", "action, e.g. key.* ", model.actionProperty(), 150);
        TextField from = field("audit-from", "from yyyy-mm-dd", model.fromDayProperty(), 140);
        TextField to = field("audit-to", "to yyyy-mm-dd", model.toDayProperty(), 140);
        Button apply = new Button("Filter");
        apply.setId("audit-filter");
        apply.setDefaultButton(false);
        apply.setOnAction(e -> model.reload());
        for (TextField f : new TextField[] {actor, action, from, to}) f.setOnAction(e -> model.reload());
        HBox bar = new HBox(8, actor, action, from, to, apply);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static TextField field(String id, String prompt, javafx.beans.property.StringProperty value, double width) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefWidth(width);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private void buildTable() {
        table.setId("audit-table");
        table.setItems(model.entries());
        table.setPlaceholder(Labels.placeholder("audit-empty", model.emptyTextProperty()));
        table.getColumns().add(Tables.numeric(Tables.bounded(Tables.column("#", AuditRecord::seq, 60), 50, 90)));
        table.getColumns().add(Tables.bounded(Tables.column("Time", e -> when(e.time()), 150), 130, 170));
        table.getColumns().add(Tables.column("Who", e -> e.actor() == null ? "" : e.actor().keyName() + " (" + e.actor().role() + ")", 190));
        table.getColumns().add(Tables.bounded(Tables.column("From", e -> e.actor() == null || e.actor().client() == null ? "" : e.actor().client(), 110), 80, 160));
        table.getColumns().add(Tables.column("Action", AuditRecord::action, 150));
        table.getColumns().add(Tables.column("Target", e -> e.target() == null ? "" : e.target(), 130));
        table.getColumns().add(Tables.bounded(Tables.column("Outcome", AuditRecord::outcome, 80), 70, 110));
        table.getColumns().add(Tables.column("Details", e -> e.details() == null || e.details().isEmpty() ? "" : e.details().toString(), 220));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    private void chooseAndExport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the audit log");
        chooser.setInitialFileName("audit.jsonl");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON Lines", "*.jsonl"));
        File file = chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (file != null) model.export(file.toPath());
    }

    private static String when(Instant t) {
        return t == null ? "" : WHEN.format(t);
    }

    @Override
    public Parent root() {
        return root;
    }
}
