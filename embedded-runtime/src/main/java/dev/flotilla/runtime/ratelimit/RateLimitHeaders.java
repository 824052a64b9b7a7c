package dev.flotilla.runtime.ratelimit;

import java.time.Duration;
import java.util.StringJoiner;

/**
 * The RateLimit-Policy and RateLimit fields of draft-ietf-httpapi-ratelimit-headers (-11, the
 * structured-field form): one list member per limit that applied, named by a String.
 * {@code "key";q=60;w=60;flotilla-burst=60} is a bucket refilling 60 a minute that holds 60;
 * {@code "key";r=12;t=1} says 12 whole tokens are left and the next one comes within 1 s.
 */
final class RateLimitHeaders {

    static final String POLICY = "RateLimit-Policy";
    static final String STATE = "RateLimit";

    private RateLimitHeaders() {}

    static String policy(RequestLimits.Verdict verdict) {
        StringJoiner out = new StringJoiner(", ");
        for (RequestLimits.Quota q : verdict.quotas()) {
            out.add("\"" + q.policy() + "\";q=" + q.limit().perMinute() + ";w=60;flotilla-burst=" + q.limit().burst());
        }
        return out.toString();
    }

    static String state(RequestLimits.Verdict verdict) {
        StringJoiner out = new StringJoiner(", ");
        for (RequestLimits.Quota q : verdict.quotas()) {
            out.add("\"" + q.policy() + "\";r=" + q.remaining() + ";t=" + wholeSeconds(q.nextToken()));
        }
        return out.toString();
    }

    /** Seconds rounded up, at least 1: a client that waits this long finds the token there. */
    static int wholeSeconds(Duration d) {
        long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }
}
