package dev.flotilla.console.shell;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flotilla.console.fleet.LocalFleetSettings;

/**
 * What the console remembers between launches: the theme, where the window was, and what the
 * operator changed on the local fleet (null until something was).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Settings(String theme, Window window, @JsonProperty("local_fleet") LocalFleetSettings localFleet) {

    public static final double DEFAULT_WIDTH = 1280;
    public static final double DEFAULT_HEIGHT = 800;

    public static Settings defaults() {
        return new Settings("dark", null, null);
    }

    public Settings withTheme(String t) {
        return new Settings(t, window, localFleet);
    }

    public Settings withWindow(Window w) {
        return new Settings(theme, w, localFleet);
    }

    public Settings withLocalFleet(LocalFleetSettings l) {
        return new Settings(theme, window, l);
    }

    /** The local fleet as the operator left it; {@link LocalFleetSettings#NONE} when nothing was changed. */
    public LocalFleetSettings localFleetOrNone() {
        return localFleet == null ? LocalFleetSettings.NONE : localFleet;
    }

    /** Position and size; {@code maximized} restores a maximized window over its last normal bounds. */
    public record Window(double x, double y, double width, double height, boolean maximized) {}
}
