package dev.flotilla.console.feature.overview;

import dev.flotilla.console.fx.Theme;
import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.TileBuilder;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import javafx.scene.Node;

/**
 * Makes every tile of the overview, so they share size, fonts and theme colours. Tiles are not
 * animated: they update once a second and an 800 ms tween would always lag the data.
 */
public final class TileFactory {

    public static final String RUNS_PER_SECOND = "tile-runs-per-second";
    public static final String P50 = "tile-latency-p50";
    public static final String P99 = "tile-latency-p99";
    public static final String ERROR_RATE = "tile-error-rate";
    public static final String BUSY = "tile-agents-busy";
    public static final String IDLE = "tile-agents-idle";
    public static final String QUEUE = "tile-queue-depth";
    public static final String TOKENS = "tile-tokens-per-minute";
    public static final String HISTORY = "tile-history";

    private static final double WIDTH = 230;
    private static final double HEIGHT = 175;
    /** What a number tile shows instead of a figure nobody measured yet. */
    public static final String NO_FIGURE = "—";

    private Theme theme;

    public TileFactory(Theme theme) {
        this.theme = theme;
    }

    /** A big number with a unit, e.g. "12.5 runs/s", and a line saying over what it is measured. */
    public Tile number(String id, String title, String unit, int decimals, String text) {
        Tile t = TileBuilder.create()
                .skinType(Tile.SkinType.NUMBER)
                .prefSize(WIDTH, HEIGHT)
                .title(title)
                .unit(unit)
                .decimals(decimals)
                .text(text)
                .textVisible(true)
                .animated(false)
                .value(Double.NaN)
                // a value not measured yet is NaN, which reads as a dash, never as a measured 0
                .customDecimalFormatEnabled(true)
                .customDecimalFormat(format(decimals))
                .build();
        return finish(t, id);
    }

    private static DecimalFormat format(int decimals) {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        symbols.setNaN(NO_FIGURE);
        DecimalFormat f = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals), symbols);
        f.setGroupingUsed(false);
        return f;
    }

    /**
     * Shows {@code value} with {@code text} under it, or, while {@code waiting} says why there is
     * no figure yet, a dash with that reason.
     */
    public static void show(Tile t, double value, String waiting, String text) {
        boolean measured = waiting == null || waiting.isEmpty();
        t.setValue(measured ? value : Double.NaN);
        t.setText(measured ? text : waiting);
    }

    /** A tile holding {@code content} (the history chart). */
    public Tile custom(String id, String title, Node content) {
        Tile t = TileBuilder.create()
                .skinType(Tile.SkinType.CUSTOM)
                .prefSize(4 * WIDTH, 2 * HEIGHT)
                .title(title)
                .textVisible(false)
                .graphic(content)
                .build();
        return finish(t, id);
    }

    private Tile finish(Tile t, String id) {
        t.setId(id);
        t.getStyleClass().add("fl-tile");
        t.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        paint(t);
        return t;
    }

    /** Repaints {@code tiles} for {@code next}; tiles made afterwards get it too. */
    public void setTheme(Theme next, Iterable<Tile> tiles) {
        this.theme = next;
        for (Tile t : tiles) paint(t);
    }

    private void paint(Tile t) {
        t.setBackgroundColor(theme.surface());
        t.setForegroundBaseColor(theme.text());
        t.setTitleColor(theme.mutedText());
        t.setTextColor(theme.mutedText());
        t.setUnitColor(theme.mutedText());
        t.setValueColor(theme.text());
    }
}
