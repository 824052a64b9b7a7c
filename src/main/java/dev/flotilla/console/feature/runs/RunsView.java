package dev.flotilla.console.feature.runs;

import dev.flotilla.console.fleet.RunStatus;
import java.time.Instant;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The runs page: filter and search, the runs table, the selected run's detail, and the prompt box. */
public final class RunsView {

    public static final String ROOT_ID = "runs-page";
    /** The detail pane's width; the table takes the rest. */
    private static final double DETAIL_WIDTH = 350;

    private final RunsViewModel model;
    private final VBox root = new VBox(10);
    private final TableView<RunRow> table = new TableView<>();
    private final PromptBox prompt;
    private boolean syncing;

    public RunsView(RunsViewModel model, PromptViewModel promptModel) {
        this.model = model;
        this.prompt = new PromptBox(promptModel);
        root.setId(ROOT_ID);
        root.getStyleClass().add("page");
        root.setPadding(new Insets(16));
        buildTable();
        RunDetailPane detail = new RunDetailPane(model);
        // a fixed-width detail pane beside a growing table: a SplitPane laid out while its page was
        // hidden kept losing its divider position, and a table squeezed to 300 px is of no use
        Region detailPane = detail.root();
        detailPane.setPrefWidth(DETAIL_WIDTH);
        detailPane.setMinWidth(320);
        HBox split = new HBox(8, table, detailPane);
        HBox.setHgrow(table, Priority.ALWAYS);
        VBox.setVgrow(split, Priority.ALWAYS);
        root.getChildren().addAll(header(), split, prompt.root());
    }

    private HBox header() {
        Label title = new Label("Runs");
        title.getStyleClass().add("page-title");
        ComboBox<RunFilter> status = new ComboBox<>();
        status.setId("runs-filter");
        status.getItems().setAll(RunFilter.values());
        status.valueProperty().bindBidirectional(model.filterProperty());
        TextField search = new TextField();
        search.setId("runs-search");
        search.setPromptText("Search id, input, output");
        search.setPrefColumnCount(24);
        search.textProperty().bindBidirectional(model.searchProperty());
        Label message = new Label();
        message.setId("runs-message");
        message.getStyleClass().add("feedback");
        message.textProperty().bind(model.messageProperty());
        model.messageIsErrorProperty().addListener((o, was, err) ->
                message.pseudoClassStateChanged(PseudoClass.getPseudoClass("error"), err));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox box = new HBox(10, title, gap, message, new Label("Status"), status, search);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("page-header");
        return box;
    }

    private void buildTable() {
        table.setId("runs-table");
        SortedList<RunRow> sorted = new SortedList<>(model.visibleRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        Label empty = new Label();
        empty.setId("runs-empty");
        empty.textProperty().bind(model.emptyTextBinding());
        table.setPlaceholder(empty);
        TableColumn<RunRow, String> idColumn = text("Run", RunRow::id, 190);
        idColumn.getStyleClass().add("run-id");
        // ids are whole where the table has room: the column takes what the other columns' minimum widths leave
        new WholeTextColumns(table).wholeText(idColumn);
        table.getColumns().add(idColumn);
        TableColumn<RunRow, String> agent = text("Agent", RunRow::agent, 74);
        agent.setMinWidth(68); // "assistant"; the room goes to the ids
        table.getColumns().add(agent);
        table.getColumns().add(statusColumn());
        TableColumn<RunRow, Instant> created = new TableColumn<>("Created");
        created.setCellValueFactory(c -> c.getValue().createdAtProperty());
        created.setCellFactory(c -> formatted(RunFormat::time));
        created.setPrefWidth(72);
        created.setMinWidth(66);
        TableColumn<RunRow, Long> duration = new TableColumn<>("Duration");
        duration.setCellValueFactory(c -> c.getValue().durationMsProperty());
        duration.setCellFactory(c -> formatted(RunFormat::duration));
        duration.setPrefWidth(72);
        duration.setMinWidth(72); // "Duration" whole in the header
        TableColumn<RunRow, Integer> tokens = new TableColumn<>("Tokens");
        tokens.setCellValueFactory(c -> c.getValue().tokensProperty());
        tokens.setCellFactory(c -> formatted(RunFormat::number));
        tokens.setPrefWidth(62);
        tokens.setMinWidth(62); // "Tokens" whole in the header
        TableColumn<RunRow, String> node = new TableColumn<>("Node");
        node.setCellValueFactory(c -> c.getValue().nodeProperty());
        node.setPrefWidth(70);
        node.setMinWidth(56);
        node.setCellFactory(c -> WholeTextColumns.withTooltip(n -> n));
        table.getColumns().addAll(created, duration, tokens, node);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        table.getSelectionModel().selectedItemProperty().addListener((o, was, row) -> {
            if (!syncing) model.select(row == null ? null : row.id());
        });
        model.selectedIdProperty().addListener((o, was, id) -> selectInTable(id));
    }

    private void selectInTable(String id) {
        RunRow current = table.getSelectionModel().getSelectedItem();
        if (id == null ? current == null : current != null && current.id().equals(id)) return;
        syncing = true;
        try {
            if (id == null) {
                table.getSelectionModel().clearSelection();
                return;
            }
            for (int i = 0; i < table.getItems().size(); i++) {
                if (table.getItems().get(i).id().equals(id)) {
                    table.getSelectionModel().clearAndSelect(i);
                    table.scrollTo(i);
                    return;
                }
            }
        } finally {
            syncing = false;
        }
    }

    private static TableColumn<RunRow, String> text(String title, Function<RunRow, String> value, double width) {
        TableColumn<RunRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(Math.min(width, 120));
        return c;
    }

    private static TableColumn<RunRow, RunStatus> statusColumn() {
        TableColumn<RunRow, RunStatus> c = new TableColumn<>("Status");
        c.setCellValueFactory(cell -> cell.getValue().statusProperty());
        c.setPrefWidth(84);
        c.setMinWidth(76); // "succeeded"
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(RunStatus s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().removeIf(k -> k.startsWith("status-"));
                setText(empty || s == null ? null : s.wire());
                if (!empty && s != null) getStyleClass().add("status-" + s.wire());
            }
        });
        return c;
    }

    private static <T> TableCell<RunRow, T> formatted(Function<T, String> format) {
        return new TableCell<>() {
            @Override
            protected void updateItem(T value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty || value == null ? null : format.apply(value));
            }
        };
    }

    /** Ctrl+N: straight to the prompt. */
    public void focusPrompt() {
        prompt.focus();
    }

    public Parent root() {
        return root;
    }
}
