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

    /**
     * A warning when the key would cross the network in clear: a plain {@code http://} URL to an
     * address that is not this machine's (by name: no lookup). Empty for https and loopback.
     */
    public Optional<String> plainTextWarning() {
        String u = url == null ? "" : url.strip().toLowerCase(java.util.Locale.ROOT);
        if (!u.startsWith("http://")) return Optional.empty();
        String host;
        try {
            host = GatewayUrl.parse(url).host();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
        return loopback ? Optional.empty() : Optional.of("This URL is plain http:// to " + host + ": the API key would cross the"
                + " network unencrypted, readable by anyone on the way. Use https:// (serve the node with --tls-keystore),"
                + " or press the button again to send it anyway.");
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
