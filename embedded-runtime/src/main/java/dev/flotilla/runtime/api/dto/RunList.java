package dev.flotilla.runtime.api.dto;

import dev.flotilla.runtime.run.Run;
import java.util.List;

/** {@code GET /v1/runs}: newest first. */
public record RunList(List<RunView> runs) {

    public static RunList of(List<Run> runs) {
        return new RunList(runs.stream().map(RunView::of).toList());
    }
}
