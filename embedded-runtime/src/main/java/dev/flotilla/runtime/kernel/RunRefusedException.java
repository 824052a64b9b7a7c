package dev.flotilla.runtime.kernel;

import java.util.Map;
import java.util.Objects;

/**
 * A submission an admission interceptor refused: the HTTP {@code status} and error {@code code}
 * the client gets (e.g. 429 {@code rate_limited}, 422 {@code input_rejected}), a message that says
 * what to do, the seconds after which a retry may succeed (or null), and extra response headers.
 * The gateway answers it as its JSON error body, with {@code Retry-After} when set. Nothing was stored.
 */
public final class RunRefusedException extends Exception {

    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;
    private final Map<String, String> headers;

    public RunRefusedException(int status, String code, String message, Integer retryAfterSeconds, Map<String, String> headers) {
        super(message, null, false, false);
        if (status < 400 || status > 599) throw new IllegalArgumentException("status not a 4xx or 5xx: " + status);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code is null");
        if (retryAfterSeconds != null && retryAfterSeconds < 0) throw new IllegalArgumentException("retryAfterSeconds < 0: " + retryAfterSeconds);
        this.retryAfterSeconds = retryAfterSeconds;
        this.headers = Map.copyOf(headers);
    }

    public int status() { return status; }

    public String code() { return code; }

    public Integer retryAfterSeconds() { return retryAfterSeconds; }

    public Map<String, String> headers() { return headers; }
}
