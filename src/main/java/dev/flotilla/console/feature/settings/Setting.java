package dev.flotilla.console.feature.settings;

import java.util.Objects;
import javafx.beans.property.Property;

/** One line of the settings sheet: where it belongs, what it is called and means, and the value it edits. */
public record Setting<T>(String category, String name, String description, Class<T> type, Property<T> value) {

    public Setting {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }
}
