package dev.flotilla.console.feature.runs;

import dev.flotilla.console.fleet.RunStatus;

/** The status filter of the runs table: all, one status, or the runs the input guard flagged. */
public enum RunFilter {
    ALL(null), QUEUED(RunStatus.QUEUED), RUNNING(RunStatus.RUNNING), SUCCEEDED(RunStatus.SUCCEEDED),
    FAILED(RunStatus.FAILED), CANCELLED(RunStatus.CANCELLED), FLAGGED(null);

    private final RunStatus status;

    RunFilter(RunStatus status) {
        this.status = status;
    }

    public boolean accepts(RunStatus s) {
        return status == null || status == s;
    }

    /** A run with status {@code s}, flagged by the input guard or not. */
    public boolean accepts(RunStatus s, boolean guardFlagged) {
        return this == FLAGGED ? guardFlagged : accepts(s);
    }

    @Override
    public String toString() {
        return this == FLAGGED ? "flagged by the guard" : status == null ? "all" : status.wire();
    }
}
