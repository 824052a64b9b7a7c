package dev.flotilla.runtime.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /v1/runs}: newest first, long texts as previews; {@code truncated} (true, else left
 * out) when the list stopped at its byte budget before its limit.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunList(List<RunView> runs, Boolean truncated) {

    public static RunList of(dev.flotilla.runtime.run.RunList list) {
        return new RunList(list.runs().stream().map(RunView::listed).toList(), list.cutShort() ? true : null);
    }
}
