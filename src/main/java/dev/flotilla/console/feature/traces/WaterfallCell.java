package dev.flotilla.console.feature.traces;

import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;

/**
 * One row of the waterfall: the span's name, indented by its depth, then its bar placed on the
 * trace's time line, then its duration. Cells are recycled by the list, so a trace of any size
 * costs only the rows on screen.
 */
final class WaterfallCell extends ListCell<Waterfall.Row> {

    static final double NAME_WIDTH = 230;
    static final double DURATION_WIDTH = 76;
    private static final double INDENT = 14;

    private final Label name = new Label();
    private final Region bar = new Region();
    private final Label duration = new Label();
    private final Pane row = new Pane(name, bar, duration) {
        @Override
        protected void layoutChildren() {
            double h = getHeight();
            Waterfall.Row r = getItem();
            double indent = r == null ? 0 : Math.min(r.depth() * INDENT, NAME_WIDTH - 60);
            name.resizeRelocate(indent, 0, NAME_WIDTH - indent - 6, h);
            double track = Math.max(10, getWidth() - NAME_WIDTH - DURATION_WIDTH - 8);
            double x = NAME_WIDTH + (r == null ? 0 : r.offset() * track);
            double w = r == null ? 0 : Math.max(2, r.width() * track);
            bar.resizeRelocate(x, h * 0.25, Math.min(w, NAME_WIDTH + track - x + 1), h * 0.5);
            duration.resizeRelocate(getWidth() - DURATION_WIDTH, 0, DURATION_WIDTH, h);
        }
    };

    WaterfallCell() {
        getStyleClass().add("waterfall-cell");
        name.getStyleClass().add("span-name");
        bar.getStyleClass().add("span-bar");
        duration.getStyleClass().add("span-duration");
        row.setPrefHeight(22);
        row.setMinHeight(22);
        // a graphic gets its preferred width: make that the cell's, so the bars use the whole track
        row.prefWidthProperty().bind(widthProperty().subtract(snappedLeftInset() + snappedRightInset() + 24));
        row.setMinWidth(0);
        setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        setPrefHeight(24);
    }

    @Override
    protected void updateItem(Waterfall.Row r, boolean empty) {
        super.updateItem(r, empty);
        setText(null);
        if (empty || r == null) {
            setGraphic(null);
            return;
        }
        name.setText(r.span().name());
        duration.setText(Waterfall.duration(r.span().durationNanos()));
        bar.pseudoClassStateChanged(ERROR, r.span().failed());
        bar.pseudoClassStateChanged(MODEL, "client".equals(r.span().kind()));
        bar.pseudoClassStateChanged(EVENTS, !r.span().events().isEmpty());
        row.requestLayout();
        setGraphic(row);
    }

    private static final javafx.css.PseudoClass ERROR = javafx.css.PseudoClass.getPseudoClass("error");
    private static final javafx.css.PseudoClass MODEL = javafx.css.PseudoClass.getPseudoClass("model");
    private static final javafx.css.PseudoClass EVENTS = javafx.css.PseudoClass.getPseudoClass("events");
}
