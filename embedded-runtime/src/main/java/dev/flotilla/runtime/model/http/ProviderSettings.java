package dev.flotilla.runtime.model.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach one HTTP model provider: its name (as agents write {@code name/model}),
 * its base URL, its key (null for local servers that take none), how long to wait to connect and
 * between two bytes of an answer, and the default cap on output tokens (Anthropic requires one).
 */
public record ProviderSettings(String name, String baseUrl, ApiKey apiKey, Duration connectTimeout, Duration readTimeout,
                               int defaultMaxOutputTokens) {

    public ProviderSettings {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(baseUrl, "baseUrl is null");
        if (okhttp3.HttpUrl.parse(baseUrl) == null) throw new IllegalArgumentException("base URL of provider " + name + " is not an http(s) URL: " + baseUrl);
        while (baseUrl.endsWith("/")) baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        connectTimeout = Objects.requireNonNullElse(connectTimeout, Duration.ofSeconds(10));
        readTimeout = Objects.requireNonNullElse(readTimeout, Duration.ofSeconds(120));
        if (defaultMaxOutputTokens < 1) throw new IllegalArgumentException("default max output tokens of provider " + name + " < 1: " + defaultMaxOutputTokens);
    }

    public static ProviderSettings of(String name, String baseUrl, ApiKey key) {
        return new ProviderSettings(name, baseUrl, key, null, null, 4096);
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "ProviderSettings[" + name + ", " + baseUrl + ", key " + apiKey + "]";
    }
}
