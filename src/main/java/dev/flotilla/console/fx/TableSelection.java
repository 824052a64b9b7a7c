package dev.flotilla.console.fx;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.scene.control.TableView;

/**
 * Keeps a table's selection and a view-model's in step, without echoing one into the other: a row
 * the operator picks goes to the model, and the model's choice (also after the rows change) shows
 * in the table, scrolled into view.
 */
public final class TableSelection<R, K> {

    private final TableView<R> table;
    private final Function<R, K> key;
    private boolean syncing;

    private TableSelection(TableView<R> table, Function<R, K> key) {
        this.table = table;
        this.key = key;
    }

    /**
     * {@code chosen} is the model's choice (a row's key, null for none) and {@code choose} tells the
     * model the operator's; with {@code clears}, clearing the table's selection clears the model's too.
     */
    public static <R, K> void follow(TableView<R> table, Function<R, K> key, ObservableValue<K> chosen, Consumer<K> choose,
                                     boolean clears) {
        TableSelection<R, K> s = new TableSelection<>(table, key);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, row) -> {
            if (s.syncing || row == null && !clears) return;
            choose.accept(row == null ? null : key.apply(row));
        });
        chosen.addListener((o, was, now) -> s.show(now));
        table.getItems().addListener((ListChangeListener<R>) c -> s.show(chosen.getValue()));
    }

    private void show(K wanted) {
        R current = table.getSelectionModel().getSelectedItem();
        if (wanted == null ? current == null : current != null && Objects.equals(key.apply(current), wanted)) return;
        syncing = true;
        try {
            if (wanted == null) {
                table.getSelectionModel().clearSelection();
                return;
            }
            for (int i = 0; i < table.getItems().size(); i++) {
                if (Objects.equals(key.apply(table.getItems().get(i)), wanted)) {
                    table.getSelectionModel().clearAndSelect(i);
                    table.scrollTo(i);
                    return;
                }
            }
            table.getSelectionModel().clearSelection();
        } finally {
            syncing = false;
        }
    }
}
