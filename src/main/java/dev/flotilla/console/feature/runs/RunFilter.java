package dev.flotilla.console.feature.runs;

import dev.flotilla.console.fleet.RunStatus;

/** The status filter of the runs table: all, or one status. */
public enum RunFilter {
    ALL(null), QUEUED(RunStatus.QUEUED), RUNNING(RunStatus.RUNNING), SUCCEEDED(RunStatus.SUCCEEDED),
    FAILED(RunStatus.FAILED), CANCELLED(RunStatus.CANCELLED);

    private final RunStatus status;

    RunFilter(RunStatus status) {
        this.status = status;
    }

    public boolean accepts(RunStatus s) {
        return status == null || status == s;
    }

    @Override
    public String toString() {
        return status == null ? "all" : status.wire();
    }
}
