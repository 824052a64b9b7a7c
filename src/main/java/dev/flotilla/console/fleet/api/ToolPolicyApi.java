package dev.flotilla.console.fleet.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.console.fleet.ToolPolicyDryRun;
import dev.flotilla.console.fleet.ToolPolicyVersion;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The fleet's versioned tool policy ({@code /v1/tool-policy}): read, list, publish, roll back, dry-run. */
public final class ToolPolicyApi {

    private static final String WHAT = "tool permissions";

    private final GatewayHttp http;

    public ToolPolicyApi(GatewayHttp http) {
        this.http = http;
    }

    /** The version in force, with its policy. */
    public CompletableFuture<ToolPolicyVersion> current() {
        return http.newer(http.send(http.get(http.url("v1", "tool-policy")), ToolPolicyVersion.class), WHAT);
    }

    /** Every version, newest first (without their policies). */
    public CompletableFuture<List<ToolPolicyVersion>> versions() {
        return http.newer(http.send(http.get(http.url("v1", "tool-policy", "versions")), Versions.class), WHAT)
                .thenApply(Versions::versions);
    }

    /** Publishes {@code policy} on top of {@code expectedVersion}; fails with {@code version_conflict} (409) when it moved on. */
    public CompletableFuture<ToolPolicyVersion> publish(JsonNode policy, String comment, long expectedVersion) {
        ObjectNode body = GatewayHttp.object();
        body.set("policy", policy);
        body.put("comment", comment);
        body.put("expected_version", expectedVersion);
        return http.newer(http.send(http.post(http.url("v1", "tool-policy"), body), ToolPolicyVersion.class), WHAT);
    }

    /** Publishes a copy of {@code version} as the next version. */
    public CompletableFuture<ToolPolicyVersion> rollback(long version, String comment) {
        ObjectNode body = GatewayHttp.object();
        body.put("version", version);
        if (comment != null && !comment.isBlank()) body.put("comment", comment);
        return http.newer(http.send(http.post(http.url("v1", "tool-policy", "rollback"), body), ToolPolicyVersion.class), WHAT);
    }

    /** Replays the calls of the newest {@code runs} runs against {@code draft}; publishes nothing. */
    public CompletableFuture<ToolPolicyDryRun> dryRun(JsonNode draft, int runs) {
        if (runs < 1) throw new IllegalArgumentException("runs < 1: " + runs);
        ObjectNode body = GatewayHttp.object();
        body.set("policy", draft);
        body.put("runs", runs);
        return http.newer(http.send(http.post(http.url("v1", "tool-policy", "dry-run"), body), ToolPolicyDryRun.class), WHAT);
    }

    record Versions(long current, List<ToolPolicyVersion> versions) {
        Versions {
            versions = versions == null ? List.of() : versions;
        }
    }
}
