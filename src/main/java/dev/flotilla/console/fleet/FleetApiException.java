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

    /** Unwraps the CompletionException layers futures add, to reach the message an operator reads. */
    public static String describe(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException || c instanceof java.util.concurrent.ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof FleetApiException e) return e.getMessage();
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
    }
}
