package dev.flotilla.console.fx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.paint.Color;

/**
 * The console's two themes. Controls take their colours from the CSS tokens; TilesFX tiles paint
 * themselves from Java properties, so their colours are repeated here and must match the
 * {@code -fl-surface}, {@code -fl-text} and {@code -fl-text-muted} tokens of dark.css and light.css.
 */
public enum Theme {
    DARK("dark.css", Color.web("#1f2229"), Color.web("#e6e8ee"), Color.web("#9aa3b2"), Color.web("#4c8dff")),
    LIGHT("light.css", Color.web("#ffffff"), Color.web("#1d2330"), Color.web("#5c6677"), Color.web("#2563eb"));

    private final String sheet;
    private final Color surface;
    private final Color text;
    private final Color mutedText;
    private final Color accent;

    Theme(String sheet, Color surface, Color text, Color mutedText, Color accent) {
        this.sheet = sheet;
        this.surface = surface;
        this.text = text;
        this.mutedText = mutedText;
        this.accent = accent;
    }

    /** As the settings sheet offers it. */
    @Override
    public String toString() {
        return this == DARK ? "Dark" : "Light";
    }

    public Theme other() {
        return this == DARK ? LIGHT : DARK;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Theme fromId(String id) {
        for (Theme t : values()) if (t.id().equalsIgnoreCase(id)) return t;
        return DARK;
    }

    /**
     * Classpath locations of every sheet, in load order: tokens, theme, then {@code others} (the
     * window's and the pages' sheets, each scoped by its root id).
     */
    public List<String> stylesheets(List<String> others) {
        List<String> all = new ArrayList<>();
        all.add("/styles/tokens.css");
        all.add("/styles/" + sheet);
        all.addAll(others);
        return all;
    }

    public Color surface() { return surface; }
    public Color text() { return text; }
    public Color mutedText() { return mutedText; }
    public Color accent() { return accent; }
}
