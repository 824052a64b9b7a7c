package dev.flotilla.runtime.money.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Where alerts are posted: a URL, the secret their bodies are signed with, and the events it wants. */
public record Webhook(String id, String url, String secret, List<String> events, Instant createdAt) {

    public static final List<String> EVENTS = List.of("budget.threshold");

    public Webhook {
        Objects.requireNonNull(id, "id");
        URI u;
        try {
            u = URI.create(Objects.requireNonNull(url, "url is missing"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a URL: '" + url + "'");
        }
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
            throw new IllegalArgumentException("url must be an http or https URL with a host: '" + url + "'");
        }
        if (secret == null || secret.length() < 8 || secret.length() > 256) {
            throw new IllegalArgumentException("secret must be 8-256 characters (it signs every body)");
        }
        events = events == null || events.isEmpty() ? EVENTS : List.copyOf(events);
        for (String e : events) if (!EVENTS.contains(e)) throw new IllegalArgumentException("events must be among " + EVENTS + ": '" + e + "'");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static Webhook fromJson(String id, JsonNode body, Instant createdAt) {
        if (body == null || !body.isObject()) throw new IllegalArgumentException("the body must be a JSON object");
        List<String> events = null;
        JsonNode ev = body.path("events");
        if (!ev.isMissingNode() && !ev.isNull()) {
            if (!ev.isArray()) throw new IllegalArgumentException("events must be an array of event types");
            events = new ArrayList<>();
            for (JsonNode e : ev) events.add(e.asText());
        }
        JsonNode url = body.path("url");
        JsonNode secret = body.path("secret");
        return new Webhook(id, url.isTextual() ? url.asText() : null, secret.isTextual() ? secret.asText() : null, events, createdAt);
    }

    /** As stored (with its secret). */
    public Map<String, Object> stored() {
        Map<String, Object> m = shown();
        m.put("secret", secret);
        return m;
    }

    /** As the API shows it: never the secret. */
    public Map<String, Object> shown() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("url", url);
        m.put("events", events);
        m.put("created_at", createdAt.toString());
        return m;
    }

    public static Webhook stored(JsonNode n) {
        return fromJson(n.path("id").asText(), n, Instant.parse(n.path("created_at").asText()));
    }

    @Override
    public String toString() {
        return "Webhook[" + id + ", " + url + "]"; // never the secret
    }
}
