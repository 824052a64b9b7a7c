package dev.flotilla.console.feature.sidebar;

import dev.flotilla.console.fleet.GatewayUrl;
import java.util.Optional;

/** What the "Add remote fleet" dialog collects, and whether it is usable. */
public record RemoteFleetForm(String name, String url, String key) {

    /** The problem to show under the form, or empty when the form can be saved. */
    public Optional<String> problem() {
        try {
            GatewayUrl.parse(url);
        } catch (IllegalArgumentException e) {
            return Optional.of(capitalize(e.getMessage()) + ".");
        }
        if (key == null || key.isBlank()) return Optional.of("Enter the fleet's API key.");
        if (key.strip().chars().anyMatch(Character::isWhitespace)) return Optional.of("The API key cannot contain spaces.");
        return Optional.empty();
    }

    /** The URL without the trailing slash, as it is saved and shown. */
    public String normalizedUrl() {
        String u = url.strip();
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        return u;
    }

    /** The name to show: the one given, else host and port. */
    public String displayName() {
        if (name != null && !name.isBlank()) return name.strip();
        var parsed = GatewayUrl.parse(url);
        return parsed.host() + ":" + parsed.port();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
