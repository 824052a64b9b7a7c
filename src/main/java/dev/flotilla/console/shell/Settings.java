package dev.flotilla.console.shell;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the console remembers between launches: the theme and where the window was. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Settings(String theme, Window window) {

    public static final double DEFAULT_WIDTH = 1280;
    public static final double DEFAULT_HEIGHT = 800;

    public static Settings defaults() {
        return new Settings("dark", null);
    }

    public Settings withTheme(String t) {
        return new Settings(t, window);
    }

    public Settings withWindow(Window w) {
        return new Settings(theme, w);
    }

    /** Position and size; {@code maximized} restores a maximized window over its last normal bounds. */
    public record Window(double x, double y, double width, double height, boolean maximized) {}
}
