package dev.flotilla.console.fx;

import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.util.Callback;

/** The columns and cells the pages' tables are made of, made once. */
public final class Tables {

    /** What a cell shows for a value the row does not have: a dash, not a blank that looks like a rendering fault. */
    public static final String NONE = "—";

    private Tables() {}

    /** A column of a value computed from each row (text, or a figure that sorts as a number). */
    public static <R, T> TableColumn<R, T> column(String title, Function<R, T> value, double width) {
        TableColumn<R, T> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** A column that follows an observable of each row, so the cell changes when the row does. */
    public static <R, T> TableColumn<R, T> observed(String title, Function<R, ObservableValue<T>> value, double width) {
        TableColumn<R, T> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> value.apply(cell.getValue()));
        c.setPrefWidth(width);
        return c;
    }

    /** Bounds a column, so the room goes to the one that holds sentences. */
    public static <R, T> TableColumn<R, T> bounded(TableColumn<R, T> c, double min, double max) {
        c.setMinWidth(min);
        c.setMaxWidth(max);
        return c;
    }

    /** Right-aligned figures. */
    public static <R, T> TableColumn<R, T> numeric(TableColumn<R, T> c) {
        c.getStyleClass().add(Styles.NUMERIC);
        return c;
    }

    /** Cells showing {@code format(value)}; empty for no value. */
    public static <R, T> Callback<TableColumn<R, T>, TableCell<R, T>> formatted(Function<T, String> format) {
        return column -> new TableCell<>() {
            @Override
            protected void updateItem(T value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty || value == null ? null : format.apply(value));
            }
        };
    }

    /** Cells showing the value, or {@link #NONE} when the row has none (an older node does not say). */
    public static <R, T> Callback<TableColumn<R, T>, TableCell<R, T>> dashed() {
        return column -> new TableCell<>() {
            @Override
            protected void updateItem(T value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty ? null : value == null || value.toString().isEmpty() ? NONE : value.toString());
            }
        };
    }

    /**
     * Cells showing {@code text(value)} and styled {@code styleOf(value)} (e.g. {@code status-failed}),
     * so a sheet can colour them; the class of the previous value goes.
     */
    public static <R, T> Callback<TableColumn<R, T>, TableCell<R, T>> styled(Function<T, String> text, Function<T, String> styleOf) {
        return column -> new TableCell<>() {
            private String applied;

            @Override
            protected void updateItem(T value, boolean empty) {
                super.updateItem(value, empty);
                if (applied != null) getStyleClass().remove(applied);
                applied = empty || value == null ? null : styleOf.apply(value);
                if (applied != null) getStyleClass().add(applied);
                setText(empty || value == null ? null : text.apply(value));
            }
        };
    }

    /** Cells showing their value as a badge: a label of class {@code badgeClass}, styled {@code styleOf(value)} too. */
    public static <R, T> Callback<TableColumn<R, T>, TableCell<R, T>> badges(String badgeClass, Function<T, String> text,
                                                                            Function<T, String> styleOf) {
        Objects.requireNonNull(badgeClass, "badgeClass");
        return column -> new TableCell<>() {
            private final Label badge = new Label();
            private String applied;

            {
                badge.getStyleClass().add(badgeClass);
            }

            @Override
            protected void updateItem(T value, boolean empty) {
                super.updateItem(value, empty);
                if (applied != null) badge.getStyleClass().remove(applied);
                applied = null;
                if (empty || value == null) {
                    setGraphic(null);
                    return;
                }
                badge.setText(text.apply(value));
                applied = styleOf.apply(value);
                badge.getStyleClass().add(applied);
                setGraphic(badge);
            }
        };
    }
}
