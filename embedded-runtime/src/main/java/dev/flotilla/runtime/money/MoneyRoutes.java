package dev.flotilla.runtime.money;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.api.AccessControl;
import dev.flotilla.runtime.api.ApiException;
import dev.flotilla.runtime.api.Replies;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.AuditEntry;
import dev.flotilla.runtime.kernel.FleetScript;
import dev.flotilla.runtime.kernel.ModuleContext;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.money.alert.Deliveries;
import dev.flotilla.runtime.money.alert.Webhook;
import dev.flotilla.runtime.money.budget.Budget;
import dev.flotilla.runtime.money.budget.BudgetBook;
import dev.flotilla.runtime.money.budget.SpendScript;
import dev.flotilla.runtime.money.ledger.SpendReport;
import dev.flotilla.runtime.money.price.ModelPrice;
import dev.flotilla.runtime.money.price.PriceTable;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The money module's HTTP routes; every change is admin-only and audited with its before and after. */
final class MoneyRoutes {

    private static final int MAX_BODY = 64 * 1024;

    private final ModuleContext ctx;
    private final PriceTable prices;
    private final BudgetBook book;
    private final SpendScript spend;
    private final SpendReport report;
    private final FleetScript docs;
    private final String webhooksKey;
    private final Deliveries deliveries;

    MoneyRoutes(ModuleContext ctx, PriceTable prices, BudgetBook book, SpendScript spend, FleetScript ledger, FleetScript docs,
                String prefix, Deliveries deliveries) {
        this.ctx = ctx;
        this.prices = prices;
        this.book = book;
        this.spend = spend;
        this.report = new SpendReport(ledger, prefix);
        this.docs = docs;
        this.webhooksKey = prefix + "webhooks";
        this.deliveries = deliveries;
    }

    void register() {
        ctx.routes()
                .get("/v1/prices", OperatorRole.VIEWER, this::listPrices)
                .put("/v1/prices", OperatorRole.ADMIN, this::putPrices)
                .get("/v1/spend", OperatorRole.VIEWER, this::spend)
                .get("/v1/budgets", OperatorRole.VIEWER, this::listBudgets)
                .get("/v1/budgets/{id}", OperatorRole.VIEWER, this::getBudget)
                .post("/v1/budgets", OperatorRole.ADMIN, this::createBudget)
                .put("/v1/budgets/{id}", OperatorRole.ADMIN, this::updateBudget)
                .delete("/v1/budgets/{id}", OperatorRole.ADMIN, this::deleteBudget)
                .get("/v1/webhooks", OperatorRole.VIEWER, this::listWebhooks)
                .post("/v1/webhooks", OperatorRole.ADMIN, this::createWebhook)
                .delete("/v1/webhooks/{id}", OperatorRole.ADMIN, this::deleteWebhook)
                .get("/v1/alerts", OperatorRole.VIEWER, this::alerts);
    }

    // prices

    private void listPrices(Context c) {
        prices.refresh();
        Instant now = ctx.clock().instant();
        List<Object> out = new ArrayList<>();
        prices.all().forEach((model, versions) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("current", prices.at(model, now));
            m.put("versions", versions);
            out.add(m);
        });
        Replies.json(c, 200, Map.of("prices", out));
    }

    private void putPrices(Context c) {
        JsonNode body = body(c);
        List<JsonNode> items = new ArrayList<>();
        if (body.has("prices")) {
            if (!body.get("prices").isArray() || body.get("prices").isEmpty()) throw invalid("invalid_price", "'prices' must be a non-empty array");
            body.get("prices").forEach(items::add);
        } else {
            items.add(body);
        }
        Instant now = ctx.clock().instant();
        List<ModelPrice> parsed = new ArrayList<>();
        for (JsonNode n : items) parsed.add(price(n, now)); // all checked before any is written
        List<Object> changes = new ArrayList<>();
        for (ModelPrice p : parsed) {
            PriceTable.Change change = prices.put(p);
            audit(c, "price.changed", p.model(), Map.of("before", change.before(), "after", change.after()));
            changes.add(Map.of("model", p.model(), "versions", change.after()));
        }
        Replies.json(c, 200, Map.of("changed", changes));
    }

    private static ModelPrice price(JsonNode n, Instant now) {
        try {
            if (!n.isObject()) throw new IllegalArgumentException("each price must be a JSON object");
            String model = text(n, "model");
            if (model == null) throw new IllegalArgumentException("'model' is missing (provider/model, e.g. simulated/primary)");
            dev.flotilla.runtime.model.ModelRef.parse(model);
            Instant from = n.hasNonNull("effective_from") ? Instant.parse(n.get("effective_from").asText()) : now;
            return new ModelPrice(model, from, number(n, "input_per_mtok", null), number(n, "cached_input_per_mtok", number(n, "input_per_mtok", null)),
                    number(n, "output_per_mtok", null), number(n, "reasoning_per_mtok", number(n, "output_per_mtok", null)),
                    (int) number(n, "max_output_tokens", 4096.0));
        } catch (java.time.format.DateTimeParseException e) {
            throw invalid("invalid_price", "'effective_from' must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z: " + e.getParsedString());
        } catch (IllegalArgumentException e) {
            throw invalid("invalid_price", e.getMessage());
        }
    }

    private static double number(JsonNode n, String field, Double fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) throw new IllegalArgumentException("'" + field + "' is missing (USD per million tokens)");
            return fallback;
        }
        if (!v.isNumber()) throw new IllegalArgumentException("'" + field + "' must be a number: " + v);
        return v.asDouble();
    }

    // spend

    private void spend(Context c) {
        try {
            Replies.json(c, 200, report.report(c.queryParam("group_by"), c.queryParam("from"), c.queryParam("to"), ctx.clock().instant()));
        } catch (IllegalArgumentException e) {
            throw invalid("invalid_query", e.getMessage());
        }
    }

    // budgets

    private void listBudgets(Context c) {
        Instant now = ctx.clock().instant();
        book.refresh(now);
        List<Budget> all = book.all();
        List<SpendScript.BudgetRef> refs = all.stream().map(b -> SpendScript.BudgetRef.of(b, now)).toList();
        List<SpendScript.State> states = all.isEmpty() ? List.of() : book.heardAll(refs, spend.state(now, refs).states());
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) out.add(view(all.get(i), states.get(i), now));
        Replies.json(c, 200, Map.of("budgets", out));
    }

    private void getBudget(Context c) {
        Instant now = ctx.clock().instant();
        book.refresh(now);
        Budget b = existing(c.pathParam("id"));
        SpendScript.BudgetRef ref = SpendScript.BudgetRef.of(b, now);
        Replies.json(c, 200, view(b, spend.state(now, List.of(ref)).states().getFirst(), now));
    }

    private void createBudget(Context c) {
        Instant now = ctx.clock().instant();
        JsonNode body = body(c);
        String id = body.hasNonNull("id") ? body.get("id").asText() : "bud_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        Budget b = budget(id, body, now, now);
        book.refresh(now);
        if (book.byId(id) != null) throw new ApiException(409, "budget_exists", "a budget with id '" + id + "' exists; PUT /v1/budgets/" + id + " changes it");
        book.put(b, now);
        audit(c, "budget.created", id, Map.of("after", b.toMap()));
        Replies.json(c, 201, view(b, new SpendScript.State(0, 0, 0, 0), now));
    }

    private void updateBudget(Context c) {
        Instant now = ctx.clock().instant();
        book.refresh(now);
        Budget before = existing(c.pathParam("id"));
        Budget b = budget(before.id(), body(c), before.createdAt(), now);
        book.put(b, now);
        audit(c, "budget.changed", b.id(), Map.of("before", before.toMap(), "after", b.toMap()));
        getBudget(c);
    }

    private void deleteBudget(Context c) {
        Instant now = ctx.clock().instant();
        Budget before = book.delete(existingId(c.pathParam("id"), now), now);
        audit(c, "budget.deleted", c.pathParam("id"), before == null ? Map.of() : Map.of("before", before.toMap()));
        c.status(204);
    }

    private String existingId(String id, Instant now) {
        book.refresh(now);
        return existing(id).id();
    }

    private Budget existing(String id) {
        Budget b = book.byId(id);
        if (b == null) throw new ApiException(404, "not_found", "no budget '" + Replies.shown(id) + "'");
        return b;
    }

    private static Budget budget(String id, JsonNode body, Instant created, Instant updated) {
        try {
            return Budget.fromJson(id, body, created, updated);
        } catch (IllegalArgumentException e) {
            throw invalid("invalid_budget", e.getMessage());
        }
    }

    /** A budget with where it stands: spent, reserved, remaining, its period, burn rate and when it runs out at that rate. */
    static Map<String, Object> view(Budget b, SpendScript.State s, Instant now) {
        Map<String, Object> m = b.toMap();
        Instant start = b.period().start(now, b.createdAt());
        Instant end = b.period().end(now);
        double remaining = Math.max(0, b.limitUsd() - s.spent() - s.reserved());
        m.put("spent_usd", s.spent());
        m.put("reserved_usd", s.reserved());
        m.put("remaining_usd", remaining);
        m.put("period_start", start.toString());
        if (end != null) m.put("period_end", end.toString());
        // the rate since the budget began counting in this period (a budget made at noon has not burnt since midnight)
        Instant counting = b.createdAt().isAfter(start) ? b.createdAt() : start;
        double hours = Math.max(1.0 / 60, Duration.between(counting, now).toMillis() / 3_600_000.0);
        double rate = s.spent() / hours;
        m.put("burn_rate_usd_per_hour", rate);
        if (rate > 0) {
            Instant out = now.plusMillis((long) Math.min(3.0e12, Math.max(0, b.limitUsd() - s.spent()) / rate * 3_600_000));
            if (end == null || out.isBefore(end)) m.put("forecast_exhausted_at", out.toString());
        }
        m.put("exhausted", dev.flotilla.runtime.money.budget.BudgetAdmission.spent(b, s));
        return m;
    }

    // webhooks and alerts

    @SuppressWarnings("unchecked")
    private void listWebhooks(Context c) {
        List<Object> flat = (List<Object>) docs.run(List.of(webhooksKey), List.of("all", ""));
        List<Object> out = new ArrayList<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) out.add(Webhook.stored(read((String) flat.get(i + 1))).shown());
        Replies.json(c, 200, Map.of("webhooks", out));
    }

    private void createWebhook(Context c) {
        Webhook w;
        try {
            w = Webhook.fromJson("wh_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36), body(c), ctx.clock().instant());
        } catch (IllegalArgumentException e) {
            throw invalid("invalid_webhook", e.getMessage());
        }
        docs.run(List.of(webhooksKey), List.of("put", w.id(), Json.write(w.stored())));
        audit(c, "webhook.created", w.id(), Map.of("after", w.shown()));
        Replies.json(c, 201, w.shown());
    }

    private void deleteWebhook(Context c) {
        Object before = docs.run(List.of(webhooksKey), List.of("del", c.pathParam("id"), ""));
        if (!(before instanceof String s)) throw new ApiException(404, "not_found", "no webhook '" + Replies.shown(c.pathParam("id")) + "'");
        audit(c, "webhook.deleted", c.pathParam("id"), Map.of("before", Webhook.stored(read(s)).shown()));
        c.status(204);
    }

    private void alerts(Context c) {
        int limit = 50;
        String l = c.queryParam("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 500) throw invalid("invalid_query", "limit must be 1..500: '" + Replies.shown(l) + "'");
        }
        Replies.json(c, 200, Map.of("alerts", deliveries.recent(limit)));
    }

    // helpers

    private void audit(Context c, String action, String target, Map<String, Object> details) {
        ctx.audit().record(new AuditEntry(action, target, "ok", AccessControl.principal(c), c.ip(), details));
    }

    private static JsonNode body(Context c) {
        byte[] bytes = c.bodyAsBytes();
        if (bytes.length > MAX_BODY) throw new ApiException(413, "payload_too_large", "the body is larger than " + MAX_BODY + " bytes");
        if (bytes.length == 0) throw invalid("bad_request", "the body is empty; send a JSON object");
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            if (n == null || !n.isObject()) throw invalid("bad_request", "the body must be a JSON object");
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid("bad_request", "the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("bad_request", "the body could not be read: " + e.getMessage());
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable stored document: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new IllegalArgumentException("'" + field + "' must be a string: " + v);
        return v.asText();
    }

    private static ApiException invalid(String code, String message) {
        return new ApiException(400, code, message);
    }
}
