package dev.flotilla.console.page;

import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Theme;
import java.time.Clock;
import java.util.Objects;
import javafx.beans.property.Property;

/**
 * What the window gives every page it opens: the executor for work off the FX thread, the clock
 * pages count time on, and the console's theme (pages that paint themselves follow it; a settings
 * page may change it).
 */
public record PageContext(BackgroundExecutor background, Clock clock, Property<Theme> theme) {

    public PageContext {
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(theme, "theme");
    }
}
