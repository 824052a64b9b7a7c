package dev.flotilla.runtime.money.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.FleetScript;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to webhooks, from every node: each pass takes the deliveries that are due (one
 * script step leases them to this node, so two nodes never post the same one at once), posts each
 * signed body, and records the outcome. A failed delivery is tried again with doubling waits
 * (from {@code firstRetry}, at most {@code maxRetry}) until {@code giveUpAfter} past its alert:
 * the queue lives in Redis, so a webhook down for hours loses nothing, whichever nodes come and go.
 */
public final class Deliveries implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    public static final String RESOURCE = "dev/flotilla/runtime/money/deliveries.lua";
    private static final Duration LEASE = Duration.ofSeconds(30);

    /** How deliveries are retried. */
    public record Policy(Duration interval, Duration firstRetry, Duration maxRetry, Duration giveUpAfter) {}

    private final FleetScript script;
    private final String prefix;
    private final Clock clock;
    private final Policy policy;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread thread;
    private volatile boolean closed;

    public Deliveries(FleetScript script, String prefix, Clock clock, Policy policy) {
        this.script = script;
        this.prefix = prefix;
        this.clock = clock;
        this.policy = policy;
        this.thread = Thread.ofVirtual().name("money-webhooks").unstarted(this::loop);
    }

    public Deliveries start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(policy.interval());
                pass();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.debug("webhook pass failed: {}", e.getMessage());
            }
        }
    }

    /** One pass: posts what is due; answers how many it posted. */
    @SuppressWarnings("unchecked")
    public int pass() throws InterruptedException {
        Instant now = clock.instant();
        List<Object> due = (List<Object>) script.run(List.of(prefix),
                List.of("take", Long.toString(now.toEpochMilli()), "20", Long.toString(LEASE.toMillis())));
        int posted = 0;
        for (int i = 0; i + 3 < due.size(); i += 4) {
            deliver((String) due.get(i), (String) due.get(i + 1), (String) due.get(i + 2), (String) due.get(i + 3));
            posted++;
        }
        return posted;
    }

    private void deliver(String member, String alertJson, String hookJson, String logJson) throws InterruptedException {
        JsonNode alert;
        Webhook hook;
        int attempts;
        try {
            alert = Json.MAPPER.readTree(alertJson);
            hook = Webhook.stored(Json.MAPPER.readTree(hookJson));
            attempts = logJson == null || logJson.isEmpty() ? 0 : Json.MAPPER.readTree(logJson).path("attempts").asInt();
        } catch (IOException | RuntimeException e) {
            done(member, Map.of("outcome", "gave_up", "error", "unreadable: " + e.getMessage()), null);
            return;
        }
        if (!hook.events().contains("budget.threshold")) {
            done(member, Map.of("outcome", "skipped", "webhook", hook.id()), null);
            return;
        }
        byte[] body = Json.write(body(alert)).getBytes(StandardCharsets.UTF_8);
        Integer status = null;
        String error = null;
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(hook.url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Flotilla-Event", "budget.threshold")
                    .header("X-Flotilla-Delivery", member)
                    .header(Signature.HEADER, Signature.of(hook.secret(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            status = r.statusCode();
        } catch (IOException | IllegalArgumentException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        attempts++;
        Instant now = clock.instant();
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("webhook", hook.id());
        outcome.put("url", hook.url());
        outcome.put("attempts", attempts);
        outcome.put("last_attempt_at", now.toString());
        if (status != null) outcome.put("last_status", status);
        if (error != null) outcome.put("last_error", error.length() > 200 ? error.substring(0, 200) : error);
        if (status != null && status >= 200 && status < 300) {
            outcome.put("outcome", "delivered");
            done(member, outcome, null);
            return;
        }
        Instant alertAt = Instant.ofEpochMilli(alert.path("at").asLong());
        long waitMs = Math.min(policy.maxRetry().toMillis(), policy.firstRetry().toMillis() << Math.min(20, attempts - 1));
        Instant next = now.plusMillis(waitMs);
        if (next.isAfter(alertAt.plus(policy.giveUpAfter()))) {
            outcome.put("outcome", "gave_up");
            done(member, outcome, null);
            log.warn("gave up posting alert {} to webhook {} after {} attempts", alert.path("id").asText(), hook.id(), attempts);
        } else {
            outcome.put("outcome", "retrying");
            outcome.put("next_attempt_at", next.toString());
            done(member, outcome, next);
        }
    }

    private void done(String member, Map<String, Object> outcome, Instant next) {
        script.run(List.of(prefix), List.of("done", Long.toString(clock.instant().toEpochMilli()), member, Json.write(outcome),
                next == null ? "" : Long.toString(next.toEpochMilli())));
    }

    /** The JSON body a webhook receives. */
    static Map<String, Object> body(JsonNode alert) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "budget.threshold");
        m.put("alert_id", alert.path("id").asText());
        m.put("budget_id", alert.path("budget_id").asText());
        m.put("budget", alert.path("budget").asText());
        m.put("threshold", alert.path("threshold").asDouble());
        m.put("spent_usd", alert.path("spent_usd").asDouble());
        m.put("limit_usd", alert.path("limit_usd").asDouble());
        m.put("period", alert.path("period").asText());
        m.put("at", Instant.ofEpochMilli(alert.path("at").asLong()).toString());
        return m;
    }

    /** The latest alerts, newest first, each with its deliveries' outcomes (one round trip). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> recent(int limit) {
        List<Object> flat = (List<Object>) script.run(List.of(prefix), List.of("recent", Long.toString(clock.instant().toEpochMilli()),
                Integer.toString(limit)));
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            try {
                Map<String, Object> a = new LinkedHashMap<>(body(Json.MAPPER.readTree((String) flat.get(i))));
                a.remove("event");
                List<Object> log = (List<Object>) flat.get(i + 1);
                List<Object> deliveries = new java.util.ArrayList<>();
                for (int j = 0; j + 1 < log.size(); j += 2) deliveries.add(Json.MAPPER.readTree((String) log.get(j + 1)));
                a.put("deliveries", deliveries);
                out.add(a);
            } catch (IOException e) {
                log.debug("unreadable alert: {}", e.getMessage());
            }
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
