package dev.flotilla.runtime.security;

import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.store.ApiKeyRecords;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every API key a node accepts: the bootstrap keys it was started with ({@link ApiKeys}) and the
 * fleet's managed keys, kept in Redis hashed and cached here. A request is authenticated against
 * the cache (no Redis round trip); the cache follows the fleet's version of the keys, polled every
 * {@code refresh} (a revoked key stops working on every node within one period, plus a read).
 * Creating, rotating and revoking write Redis first, then refresh this node at once. Thread-safe.
 */
public final class KeyRing implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyRing.class);
    public static final Pattern TOOL_ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,31}|\\*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.@-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The outcome of presenting a key: a caller, or why not ("missing", "unknown", "expired", "revoked"). */
    public record Result(Caller caller, String refusal) {
        static Result refused(String why) { return new Result(null, why); }
    }

    /** What a new key is to be: {@code toolRoles} empty means just {@code toolRole}. */
    public record NewKey(String name, OperatorRole role, String toolRole, List<String> toolRoles, Instant expiresAt,
                         Integer ratePerMinute) {}

    /** A key just made (or rotated): its record and, this once, its secret. */
    public record Issued(ApiKeyRecord record, String secret) {}

    private record Cache(long version, Map<String, ApiKeyRecord> byHash) {}

    private final ApiKeys bootstrap;
    private final ApiKeyRecords store;
    private final Clock clock;
    private volatile Cache cache = new Cache(-1, Map.of());
    private ScheduledExecutorService poller;

    public KeyRing(ApiKeys bootstrap, ApiKeyRecords store, Clock clock) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        this.store = store;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ApiKeys bootstrap() {
        return bootstrap;
    }

    /** Reads the managed keys now, then follows their version every {@code period}. */
    public KeyRing start(Duration period) {
        refresh();
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("key-ring").factory());
        poller.scheduleWithFixedDelay(this::refreshQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Who presents {@code token}; never a Redis round trip. */
    public Result authenticate(String token) {
        if (token == null || token.isEmpty()) return Result.refused("missing");
        Optional<Principal> fixed = bootstrap.authenticate(token);
        if (fixed.isPresent()) {
            Principal p = fixed.get();
            List<String> roles = p.role() == OperatorRole.ADMIN ? List.of("*") : List.of(p.toolRole());
            return new Result(new Caller(p, roles, null, null, false), null);
        }
        ApiKeyRecord r = cache.byHash().get(sha256(token));
        if (r == null) return Result.refused("unknown");
        String why = r.refusal(clock.instant());
        if (why != null) return Result.refused(why);
        return new Result(new Caller(r.principal(), r.toolRoles(), r.expiresAt(), r.ratePerMinute(), true), null);
    }

    /** Reads the managed keys again when their version moved. */
    public void refresh() {
        if (store == null) return;
        long v = store.version();
        if (v == cache.version()) return;
        Map<String, ApiKeyRecord> byHash = new HashMap<>();
        for (ApiKeyRecord r : readAll()) byHash.put(r.secretHash(), r);
        cache = new Cache(v, Map.copyOf(byHash));
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.debug("could not refresh the API keys (keeping the cached ones): {}", e.getMessage());
        }
    }

    /** Every managed key, revoked ones too, oldest first (read from Redis, not the cache). */
    public List<ApiKeyRecord> list() {
        List<ApiKeyRecord> all = readAll();
        all.sort(Comparator.comparing(ApiKeyRecord::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(ApiKeyRecord::id));
        return all;
    }

    public Optional<ApiKeyRecord> find(String id) {
        return list().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Makes a key; its secret is returned here and nowhere else. */
    public Issued create(NewKey spec, Principal by) {
        String name = spec.name() == null ? null : spec.name().trim();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-64 letters, digits, spaces or _.@- (starting with a letter or digit): " + spec.name());
        }
        if (spec.role() == null) throw new IllegalArgumentException("role is required: viewer, operator or admin");
        String toolRole = spec.toolRole() == null ? "user" : spec.toolRole();
        if (!TOOL_ROLE.matcher(toolRole).matches() || toolRole.equals("*")) {
            throw new IllegalArgumentException("tool_role must match [a-z][a-z0-9_-]{0,31}: " + toolRole);
        }
        List<String> toolRoles = new ArrayList<>();
        toolRoles.add(toolRole);
        for (String t : spec.toolRoles() == null ? List.<String>of() : spec.toolRoles()) {
            if (t == null || !TOOL_ROLE.matcher(t).matches()) throw new IllegalArgumentException("tool_roles: not a tool role: " + t);
            if (!toolRoles.contains(t)) toolRoles.add(t);
        }
        Instant now = clock.instant();
        if (spec.expiresAt() != null && !spec.expiresAt().isAfter(now)) {
            throw new IllegalArgumentException("expires_at is not in the future: " + spec.expiresAt());
        }
        if (spec.ratePerMinute() != null && (spec.ratePerMinute() < 1 || spec.ratePerMinute() > 1_000_000)) {
            throw new IllegalArgumentException("rate_per_minute must be from 1 to 1000000: " + spec.ratePerMinute());
        }
        String secret = newSecret();
        ApiKeyRecord r = new ApiKeyRecord("key_" + hex(6), name, spec.role(), toolRole, toolRoles, sha256(secret), now,
                by == null ? null : by.keyName(), spec.expiresAt(), spec.ratePerMinute(), null, null);
        write(r);
        return new Issued(r, secret);
    }

    /** A new secret for key {@code id}; the old one stops working. Empty when there is no such key. */
    public Optional<Issued> rotate(String id) {
        Optional<ApiKeyRecord> found = find(id);
        if (found.isEmpty()) return Optional.empty();
        if (found.get().revokedAt() != null) throw new IllegalStateException("key " + id + " is revoked; create a new one");
        String secret = newSecret();
        ApiKeyRecord r = found.get().rotated(sha256(secret), clock.instant());
        write(r);
        return Optional.of(new Issued(r, secret));
    }

    /** Revokes key {@code id} on every node; empty when there is no such key. Revoking twice keeps the first time. */
    public Optional<ApiKeyRecord> revoke(String id) {
        Optional<ApiKeyRecord> found = find(id);
        if (found.isEmpty() || found.get().revokedAt() != null) return found;
        ApiKeyRecord r = found.get().revoked(clock.instant());
        write(r);
        return Optional.of(r);
    }

    private void write(ApiKeyRecord r) {
        if (store == null) throw new IllegalStateException("this node keeps no managed keys");
        store.put(r.id(), Json.write(r));
        refreshQuietly();
    }

    private List<ApiKeyRecord> readAll() {
        List<ApiKeyRecord> out = new ArrayList<>();
        if (store == null) return out;
        for (Map.Entry<String, String> e : store.all().entrySet()) {
            try {
                out.add(Json.MAPPER.readValue(e.getValue(), ApiKeyRecord.class));
            } catch (Exception bad) {
                log.warn("ignoring the unreadable record of API key {}: {}", e.getKey(), bad.getMessage());
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (poller != null) poller.shutdownNow();
    }

    private static String newSecret() {
        return "flt_" + hex(32);
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The SHA-256 of a secret, hex: what the fleet stores instead of the secret. */
    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }
}
