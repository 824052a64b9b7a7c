package dev.flotilla.console.fleet;

/**
 * A request to a node did not succeed. {@link #status()} is the HTTP status (0 when the node could
 * not be reached at all), {@link #code()} the server's error code, and {@link #getMessage()} the
 * server's message, written for an operator; it never holds a stack trace or the API key.
 */
public final class FleetApiException extends RuntimeException {

    /** The code used when no HTTP answer came back (connection refused, timeout, DNS). */
    public static final String UNREACHABLE = "unreachable";
    /** The code used when the answer was not the JSON the API promises. */
    public static final String BAD_RESPONSE = "bad_response";
    /** The code used when the node is too old to offer the route at all. */
    public static final String UNSUPPORTED = "unsupported";

    private final int status;
    private final String code;

    public FleetApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** True when the node does not offer what was asked (an older version), so a page can say so calmly. */
    public boolean unsupported() {
        return UNSUPPORTED.equals(code);
    }
}
