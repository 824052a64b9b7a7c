package dev.flotilla.runtime.ratelimit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The budget of one model at a provider: requests a minute ({@code rpm}) and tokens a minute
 * ({@code tpm}), either may be absent (null). Each is a token bucket whose burst defaults to one
 * minute's worth, as providers state their limits.
 */
public record ProviderLimit(RateLimit rpm, RateLimit tpm) {

    private static final Pattern NAME = Pattern.compile("[^\\s=;,]+");

    public ProviderLimit {
        if (rpm == null && tpm == null) throw new IllegalArgumentException("a provider limit needs rpm, tpm or both");
    }

    /**
     * Parses {@code provider/model=rpm:600,tpm:100000;provider/other=tpm:5000}: entries separated by
     * {@code ;}, each {@code provider/model=} and comma-separated {@code name:value} pairs among
     * {@code rpm}, {@code tpm}, {@code rpm-burst}, {@code tpm-burst} (bursts default to the minute's
     * figure). A model of {@code *} sets the limit of every model of that provider without an entry
     * of its own (each model still has its own budget). The model name may hold further slashes.
     * Blank or null gives no limits. Throws {@link IllegalArgumentException} naming the bad part.
     *
     * @return {@code provider/model} to its limit, in the order given
     */
    public static Map<String, ProviderLimit> parseAll(String spec) {
        Map<String, ProviderLimit> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) return Map.of();
        for (String raw : spec.split(";")) {
            String entry = raw.trim();
            if (entry.isEmpty()) continue;
            int eq = entry.indexOf('=');
            if (eq < 0) throw bad(entry, "expected provider/model=rpm:N,tpm:N");
            String target = entry.substring(0, eq).trim();
            int slash = target.indexOf('/');
            if (slash <= 0 || slash == target.length() - 1 || !NAME.matcher(target).matches()) {
                throw bad(entry, "'" + target + "' is not provider/model (or provider/*)");
            }
            if (out.containsKey(target)) throw bad(entry, target + " is listed twice");
            out.put(target, parseOne(entry, entry.substring(eq + 1)));
        }
        return Collections.unmodifiableMap(out);
    }

    private static ProviderLimit parseOne(String entry, String pairs) {
        long rpm = 0, tpm = 0, rpmBurst = 0, tpmBurst = 0;
        for (String raw : pairs.split(",")) {
            String pair = raw.trim();
            int colon = pair.indexOf(':');
            if (colon < 0) throw bad(entry, "'" + pair + "' is not name:value");
            String name = pair.substring(0, colon).trim();
            long value = number(entry, name, pair.substring(colon + 1).trim());
            switch (name) {
                case "rpm" -> rpm = value;
                case "tpm" -> tpm = value;
                case "rpm-burst" -> rpmBurst = value;
                case "tpm-burst" -> tpmBurst = value;
                default -> throw bad(entry, "unknown limit '" + name + "' (rpm, tpm, rpm-burst, tpm-burst)");
            }
        }
        if (rpm == 0 && tpm == 0) throw bad(entry, "set rpm, tpm or both");
        if (rpmBurst > 0 && rpm == 0) throw bad(entry, "rpm-burst without rpm");
        if (tpmBurst > 0 && tpm == 0) throw bad(entry, "tpm-burst without tpm");
        return new ProviderLimit(rpm == 0 ? null : new RateLimit(rpm, rpmBurst == 0 ? rpm : rpmBurst),
                tpm == 0 ? null : new RateLimit(tpm, tpmBurst == 0 ? tpm : tpmBurst));
    }

    private static long number(String entry, String name, String value) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw bad(entry, name + " is not a whole number: '" + value + "'");
        }
        if (n < 1 || n > RateLimit.MAX) throw bad(entry, name + " must be from 1 to " + RateLimit.MAX + ": " + n);
        return n;
    }

    private static IllegalArgumentException bad(String entry, String problem) {
        return new IllegalArgumentException("provider limit '" + entry + "': " + problem);
    }
}
