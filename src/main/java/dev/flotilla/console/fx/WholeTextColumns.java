package dev.flotilla.console.fx;

import java.util.function.Function;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;

/**
 * A table column whose text is shown whole where the table has room: each cell says how wide its
 * text is, and the column's minimum width follows the widest shown, but only as far as the other
 * columns' minimum widths leave room, so no other column is cut for it. Where the table is too
 * narrow the text gives way (the column's own text overrun applies) and its tooltip has it whole.
 * The column never narrows on its own, so it does not jump as rows come and go.
 */
public final class WholeTextColumns {

    /** Cell padding and a hair for rounding, on top of the text. */
    private static final double PADDING = 14;
    /** Room kept for the vertical scroll bar, which the table's width includes. */
    private static final double SCROLL_BAR = 16;
    private static final String NEEDED = "whole-text-needed";
    private static final String BASE_MIN = "whole-text-base-min";

    private final TableView<?> table;

    public WholeTextColumns(TableView<?> table) {
        this.table = table;
        table.widthProperty().addListener((o, was, now) -> table.getColumns().forEach(this::fit));
    }

    /** Makes {@code column} show its text whole where the table has room for it. */
    public <S> void wholeText(TableColumn<S, String> column) {
        column.getProperties().put(BASE_MIN, column.getMinWidth());
        column.setCellFactory(c -> new TableCell<>() {
            private final Text probe = new Text();

            {
                setTooltip(new Tooltip());
            }

            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                String text = empty ? null : value;
                setText(text);
                getTooltip().setText(text);
                if (text != null && !text.isEmpty()) need(column, text, probe, getFont());
            }
        });
    }

    /** A cell that shows its text as usual, and whole in its tooltip when the column cuts it. */
    public static <S> TableCell<S, String> withTooltip(Function<String, String> shown) {
        return new TableCell<>() {
            private final Tooltip whole = new Tooltip();

            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                String text = empty || value == null ? null : shown.apply(value);
                setText(text);
                whole.setText(text);
                setTooltip(text == null || text.isEmpty() ? null : whole);
            }
        };
    }

    private void need(TableColumn<?, ?> column, String text, Text probe, javafx.scene.text.Font font) {
        probe.setFont(font);
        probe.setText(text);
        double needed = Math.ceil(probe.getLayoutBounds().getWidth() + PADDING);
        if (column.getProperties().get(NEEDED) instanceof Double d && d >= needed) return;
        column.getProperties().put(NEEDED, needed);
        fit(column);
    }

    private void fit(TableColumn<?, ?> column) {
        if (!(column.getProperties().get(NEEDED) instanceof Double needed)) return;
        double base = (Double) column.getProperties().get(BASE_MIN);
        double others = table.getVisibleLeafColumns().stream().filter(c -> c != column).mapToDouble(TableColumn::getMinWidth).sum();
        double room = table.getWidth() > 0 ? table.getWidth() - SCROLL_BAR - others : needed;
        double min = Math.max(base, Math.min(needed, room));
        if (min != column.getMinWidth()) column.setMinWidth(min);
        if (column.getPrefWidth() < min) column.setPrefWidth(min);
    }
}
