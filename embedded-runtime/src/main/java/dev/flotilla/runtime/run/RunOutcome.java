package dev.flotilla.runtime.run;

/**
 * What a run came to: its output, or the error it ended with (cancelled and failed runs), the
 * model calls it took ({@code attempts}, retries included) and, when a fallback model answered,
 * why. A run that has not ended has {@link #NONE}.
 */
public record RunOutcome(String output, RunError error, int attempts, String fallbackReason) {

    public static final RunOutcome NONE = new RunOutcome(null, null, 0, null);

    public static RunOutcome succeeded(String output, int attempts, String fallbackReason) {
        return new RunOutcome(output, null, attempts, fallbackReason);
    }

    public static RunOutcome failed(String code, String message, int attempts) {
        return new RunOutcome(null, new RunError(code, message), attempts, null);
    }

    /** The status a run ends in with this outcome. */
    public RunStatus endStatus() {
        return error == null ? RunStatus.SUCCEEDED : RunStatus.FAILED;
    }
}
