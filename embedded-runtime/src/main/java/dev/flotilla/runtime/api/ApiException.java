package dev.flotilla.runtime.api;

/** A request the gateway refuses, with the status, code and message the client sees. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiException(int status, String code, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() { return status; }

    public String code() { return code; }

    public Integer retryAfterSeconds() { return retryAfterSeconds; }

    public static ApiException badField(String field, String problem) {
        return new ApiException(400, "invalid_field", "'" + field + "' " + problem);
    }
}
