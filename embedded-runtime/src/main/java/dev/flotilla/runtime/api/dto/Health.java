package dev.flotilla.runtime.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** {@code /health} ({@code status} only) and {@code /ready} (with a check per dependency). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Health(String status, Map<String, String> checks) {

    public static Health live() {
        return new Health("ok", null);
    }

    /** The worst of the checks: any unhealthy makes the node unhealthy, else any degraded makes it degraded. */
    public static Health ready(Map<String, String> checks) {
        String status = checks.containsValue("unhealthy") ? "unhealthy" : checks.containsValue("degraded") ? "degraded" : "healthy";
        return new Health(status, checks);
    }
}
