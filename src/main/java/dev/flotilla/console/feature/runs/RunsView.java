package dev.flotilla.console.feature.runs;

import dev.flotilla.console.fleet.RunStatus;
import dev.flotilla.console.fx.Labels;
import dev.flotilla.console.fx.Styles;
import dev.flotilla.console.fx.TableSelection;
import dev.flotilla.console.fx.Tables;
import dev.flotilla.console.fx.WholeTextColumns;
import dev.flotilla.console.page.PageView;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.TextFields;

/** The runs page: filter and search, the runs table, the selected run's detail, and the prompt box. */
public final class RunsView implements PageView {

    public static final String ROOT_ID = "runs-page";
    /** Shortcut+N: straight to the prompt, from any page. */
    public static final KeyCombination NEW_RUN = new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN);
    /** The detail pane's width; the table takes the rest. */
    private static final double DETAIL_WIDTH = 350;

    private final RunsViewModel model;
    private final VBox root = new VBox(10);
    private final TableView<RunRow> table = new TableView<>();
    private final PromptBox prompt;

    public RunsView(RunsViewModel model, PromptViewModel promptModel) {
        this.model = model;
        this.prompt = new PromptBox(promptModel);
        root.setId(ROOT_ID);
        root.getStyleClass().add(Styles.PAGE);
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
        ComboBox<RunFilter> status = new ComboBox<>();
        status.setId("runs-filter");
        status.getItems().setAll(RunFilter.values());
        status.valueProperty().bindBidirectional(model.filterProperty());
        // a clear button in the field: one click (or Escape) brings every run back
        TextField search = TextFields.createClearableTextField();
        search.setId("runs-search");
        search.setPromptText("Search id, input, output");
        search.setPrefColumnCount(24);
        search.textProperty().bindBidirectional(model.searchProperty());
        search.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !search.getText().isEmpty()) {
                search.clear();
                e.consume();
            }
        });
        HBox box = Labels.header(Labels.pageTitle("Runs"), new Node[0],
                Labels.feedback("runs-message", model.messageProperty(), model.messageIsErrorProperty()),
                new Label("Status"), status, search);
        box.setSpacing(10);
        return box;
    }

    private void buildTable() {
        table.setId("runs-table");
        SortedList<RunRow> sorted = new SortedList<>(model.visibleRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setPlaceholder(Labels.placeholder("runs-empty", model.emptyTextBinding()));
        TableColumn<RunRow, String> idColumn = text("Run", RunRow::id, 190);
        idColumn.getStyleClass().add("run-id");
        // ids are whole where the table has room: the column takes what the other columns' minimum widths leave
        new WholeTextColumns(table).wholeText(idColumn);
        table.getColumns().add(idColumn);
        TableColumn<RunRow, String> agent = text("Agent", RunRow::agent, 74);
        agent.setMinWidth(68); // "assistant"; the room goes to the ids
        table.getColumns().add(agent);
        table.getColumns().add(statusColumn());
        table.getColumns().add(formatted("Created", RunRow::createdAtProperty, RunFormat::time, 72, 66));
        table.getColumns().add(formatted("Duration", RunRow::durationMsProperty, RunFormat::duration, 72, 72)); // "Duration" whole in the header
        table.getColumns().add(formatted("Tokens", RunRow::tokensProperty, RunFormat::number, 62, 62)); // "Tokens" whole in the header
        TableColumn<RunRow, String> node = Tables.observed("Node", RunRow::nodeProperty, 70);
        node.setMinWidth(56);
        node.setCellFactory(c -> WholeTextColumns.withTooltip(n -> n));
        table.getColumns().add(node);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableSelection.follow(table, RunRow::id, model.selectedIdProperty(), model::select, true);
    }

    private static TableColumn<RunRow, String> text(String title, Function<RunRow, String> value, double width) {
        TableColumn<RunRow, String> c = Tables.column(title, value, width);
        c.setMinWidth(Math.min(width, 120));
        return c;
    }

    /** A column that follows a property of each row and shows it through {@code format}. */
    private static <T> TableColumn<RunRow, T> formatted(String title, Function<RunRow, ObservableValue<T>> value,
                                                        Function<T, String> format, double width, double minWidth) {
        TableColumn<RunRow, T> c = Tables.observed(title, value, width);
        c.setCellFactory(Tables.formatted(format));
        c.setMinWidth(minWidth);
        return c;
    }

    private static TableColumn<RunRow, RunStatus> statusColumn() {
        TableColumn<RunRow, RunStatus> c = new TableColumn<>("Status");
        c.setCellValueFactory(cell -> cell.getValue().statusProperty());
        c.setPrefWidth(84);
        c.setMinWidth(76); // "succeeded"
        c.setCellFactory(Tables.styled(RunStatus::wire, s -> "status-" + s.wire()));
        return c;
    }

    /** Ctrl+N: straight to the prompt. */
    public void focusPrompt() {
        prompt.focus();
    }

    @Override
    public Map<KeyCombination, Runnable> keys() {
        return Map.of(NEW_RUN, this::focusPrompt);
    }

    @Override
    public Parent root() {
        return root;
    }
}
