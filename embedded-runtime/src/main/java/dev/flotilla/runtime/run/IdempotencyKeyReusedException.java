package dev.flotilla.runtime.run;

/** A client sent another request under an idempotency key that already made a run. */
public final class IdempotencyKeyReusedException extends RuntimeException {

    private final String runId;

    public IdempotencyKeyReusedException(String key, String runId) {
        super("idempotency_key '" + key + "' was used for a different request (run " + runId
                + "); send the same agent, input, session_id and metadata to get that run, or use a new key");
        this.runId = runId;
    }

    /** The run the key made first. */
    public String runId() {
        return runId;
    }
}
