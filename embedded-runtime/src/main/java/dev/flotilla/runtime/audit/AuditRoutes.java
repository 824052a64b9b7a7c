package dev.flotilla.runtime.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.json.Json;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log over HTTP: {@code GET /v1/audit} (newest first, filtered by actor, action and time,
 * paged with {@code before}), {@code GET /v1/audit/verify} and {@code GET /v1/audit/export} (JSON
 * Lines, oldest first, the chain fields included, so anyone can verify it offline).
 */
final class AuditRoutes {

    private static final int CHUNK = 500;
    /** At most this many entries are looked at for one page of a filtered list; the page says where to go on. */
    private static final int SCAN_LIMIT = 50_000;

    private final AuditLog log;

    AuditRoutes(AuditLog log) {
        this.log = log;
    }

    void list(Context ctx) {
        String actor = ctx.queryParam("actor");
        String action = ctx.queryParam("action");
        Instant from = instant(ctx, "from");
        Instant to = instant(ctx, "to");
        int limit = integer(ctx, "limit", 100, 1, 1000);
        AuditLog.Slice end = log.end();
        long before = ctx.queryParam("before") == null ? end.lastSeq() + 1 : integer(ctx, "before", 0, 0, Integer.MAX_VALUE);
        List<JsonNode> found = new ArrayList<>();
        long next = Math.min(before - 1, end.lastSeq());
        long scanned = 0;
        while (next >= end.firstSeq() && found.size() < limit && scanned < SCAN_LIMIT) {
            long lo = Math.max(end.firstSeq(), next - CHUNK + 1);
            List<String> chunk = log.range(lo, next).entries();
            for (int i = chunk.size() - 1; i >= 0 && found.size() < limit; i--) {
                JsonNode e = parse(chunk.get(i));
                scanned++;
                next = e == null ? next - 1 : e.path("seq").asLong() - 1;
                if (e != null && matches(e, actor, action, from, to)) found.add(e);
            }
            if (chunk.isEmpty()) break;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", found);
        body.put("next_before", next >= end.firstSeq() ? next + 1 : null);
        body.put("last_seq", end.lastSeq());
        ctx.status(200).contentType("application/json").result(Json.write(body));
    }

    void verify(Context ctx) {
        ctx.status(200).contentType("application/json").result(Json.write(verdictBody(verify())));
    }

    AuditChain.Verdict verify() {
        AuditLog.Slice end = log.end();
        AuditChain.Verifier v = new AuditChain.Verifier(end.firstSeq(), AuditChain.GENESIS);
        boolean going = true;
        for (long lo = end.firstSeq(); going && lo <= end.lastSeq(); lo += CHUNK) {
            List<String> chunk = log.range(lo, Math.min(end.lastSeq(), lo + CHUNK - 1)).entries();
            if (chunk.isEmpty()) break;
            for (String line : chunk) {
                if (!(going = v.accept(line))) break;
            }
        }
        v.expectEnd(end.lastSeq(), end.lastHash());
        return v.verdict();
    }

    static Map<String, Object> verdictBody(AuditChain.Verdict verdict) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", verdict.ok());
        body.put("verified_through", verdict.verifiedThrough());
        body.put("first_broken", verdict.firstBroken());
        if (verdict.problem() != null) body.put("problem", verdict.problem());
        return body;
    }

    void export(Context ctx) throws IOException {
        AuditLog.Slice end = log.end();
        ctx.status(HttpStatus.OK).contentType("application/x-ndjson");
        ctx.header("Content-Disposition", "attachment; filename=\"audit.jsonl\"");
        ctx.header("X-Audit-Last-Seq", Long.toString(end.lastSeq()));
        OutputStream out = ctx.outputStream();
        for (long lo = end.firstSeq(); lo <= end.lastSeq(); lo += CHUNK) {
            List<String> chunk = log.range(lo, Math.min(end.lastSeq(), lo + CHUNK - 1)).entries();
            if (chunk.isEmpty()) break;
            StringBuilder sb = new StringBuilder();
            for (String line : chunk) sb.append(line).append('\n');
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    private static boolean matches(JsonNode e, String actor, String action, Instant from, Instant to) {
        if (actor != null && !actor.isEmpty()) {
            JsonNode a = e.path("actor");
            if (!actor.equals(a.path("key_id").asText()) && !actor.equals(a.path("key_name").asText())) return false;
        }
        if (action != null && !action.isEmpty()) {
            String act = e.path("action").asText();
            boolean prefix = action.endsWith("*");
            if (prefix ? !act.startsWith(action.substring(0, action.length() - 1)) : !act.equals(action)) return false;
        }
        if (from != null || to != null) {
            Instant t;
            try {
                t = Instant.parse(e.path("time").asText());
            } catch (DateTimeParseException bad) {
                return false;
            }
            if (from != null && t.isBefore(from)) return false;
            if (to != null && !t.isBefore(to)) return false;
        }
        return true;
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    private static Instant instant(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new io.javalin.http.BadRequestResponse(name + " must be an ISO-8601 instant such as 2026-12-03T10:00:00Z, not '" + shown(v) + "'");
        }
    }

    private static int integer(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) return fallback;
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new io.javalin.http.BadRequestResponse(name + " must be a whole number from " + min + " to " + max + ", not '" + shown(v) + "'");
        }
    }

    private static String shown(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }
}
