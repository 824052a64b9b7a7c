package dev.flotilla.console.fleet;

import okhttp3.HttpUrl;

/** The URL of a node's gateway, as an operator types it and as the console checks it before saving or calling it. */
public final class GatewayUrl {

    private GatewayUrl() {}

    /** Checks that {@code url} is an http(s) URL; the message says what is wrong with it. */
    public static HttpUrl parse(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("enter the node's URL, e.g. http://fleet.example:8080");
        String u = url.strip();
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new IllegalArgumentException("the URL must start with http:// or https://");
        }
        HttpUrl parsed = HttpUrl.parse(u);
        if (parsed == null) throw new IllegalArgumentException("not a valid URL: " + u);
        // a password in the URL would show in the sidebar, the status bar and every error message
        if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
            throw new IllegalArgumentException("leave the user name and password out of the URL; the API key goes in its own field");
        }
        return parsed;
    }
}
