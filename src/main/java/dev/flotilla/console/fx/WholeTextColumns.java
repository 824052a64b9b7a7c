package dev.flotilla.console.fx;

import java.util.function.Function;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;

/**
 * Columns of a table whose text is shown whole where the table has room: each cell says how wide
 * its text is, and the column's minimum width follows the widest shown, so the resize policy gives
 * way in the other columns instead (down to their own minimum widths). A column takes at most its
 * share of the table, so on a narrow table its text gives way too, and the tooltip has it whole.
 * A column never narrows on its own, so it does not jump as rows come and go.
 */
public final class WholeTextColumns {

    /** Cell padding and a hair for rounding, on top of the text. */
    private static final double PADDING = 14;
    private static final String NEEDED = "whole-text-needed";
    private static final String SHARE = "whole-text-share";
    private static final String BASE_MIN = "whole-text-base-min";

    private final TableView<?> table;

    public WholeTextColumns(TableView<?> table) {
        this.table = table;
        table.widthProperty().addListener((o, was, now) -> table.getColumns().forEach(this::fit));
    }

    /** Makes {@code column} show its text whole, taking at most {@code share} of the table's width. */
    public <S> void wholeText(TableColumn<S, String> column, double share, Function<String, String> shown) {
        column.getProperties().put(SHARE, share);
        column.getProperties().put(BASE_MIN, column.getMinWidth());
        column.setCellFactory(c -> new TableCell<>() {
            private final Tooltip whole = new Tooltip();
            private final Text probe = new Text();

            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                String text = empty || value == null ? null : shown.apply(value);
                setText(text);
                whole.setText(text);
                setTooltip(text == null || text.isEmpty() ? null : whole);
                if (text != null) need(column, text, probe, this);
            }
        });
    }

    private void need(TableColumn<?, ?> column, String text, Text probe, TableCell<?, ?> cell) {
        probe.setFont(cell.getFont());
        probe.setText(text);
        double needed = Math.ceil(probe.getLayoutBounds().getWidth() + PADDING);
        Object before = column.getProperties().get(NEEDED);
        if (before instanceof Double d && d >= needed) return;
        column.getProperties().put(NEEDED, needed);
        fit(column);
    }

    private void fit(TableColumn<?, ?> column) {
        if (!(column.getProperties().get(NEEDED) instanceof Double needed)) return;
        double share = (Double) column.getProperties().get(SHARE);
        double base = (Double) column.getProperties().get(BASE_MIN);
        double room = table.getWidth() > 0 ? table.getWidth() * share : needed;
        double min = Math.max(base, Math.min(needed, room));
        if (min != column.getMinWidth()) column.setMinWidth(min);
        if (column.getPrefWidth() < min) column.setPrefWidth(min);
    }
}
