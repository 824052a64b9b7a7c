package dev.flotilla.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.NodeFleet;
import dev.flotilla.runtime.support.NodeProcesses;
import dev.flotilla.runtime.support.TestNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run taken over by another node process stays in one trace: node v takes the run and is
 * SIGKILLed mid-run; node s reclaims it once its lease lapses, and the run's span (stored with its
 * outcome) is in the caller's trace, under the span of its submission on v.
 */
class TraceAcrossNodesTest {

    private static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";

    @TempDir
    Path dir;

    @Test
    void aRunReclaimedByAnotherNodeProcessStaysInTheCallersTrace() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral();
             NodeFleet fleet = new NodeFleet(dir, NodeProcesses.url(redis.endpoint()))) {
            NodeFleet.Node victim = fleet.start(List.of("v"), "--sim-latency-ms", "60000", "--reclaim-after-seconds", "2").getFirst();
            HttpRequest post = HttpRequest.newBuilder(URI.create(victim.http().base() + "/v1/runs"))
                    .header("Authorization", "Bearer " + TestNodes.KEY).header("Content-Type", "application/json")
                    .header("traceparent", "00-" + CALLER_TRACE + "-b7ad6b7169203331-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"agent\":\"assistant\",\"input\":\"survive this\"}")).build();
            HttpResponse<String> accepted;
            try (HttpClient client = HttpClient.newHttpClient()) {
                accepted = client.send(post, HttpResponse.BodyHandlers.ofString());
            }
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String submitSpan = accepted.headers().firstValue("traceparent").orElseThrow().split("-")[2];
            String id = new ObjectMapper().readTree(accepted.body()).path("run_id").asText();
            victim.http().awaitRun(id, Duration.ofSeconds(20), r -> r.path("status").asText().equals("running"));
            victim.process().destroyForcibly(); // SIGKILL mid-run: no hand-back
            assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

            Http survivor = fleet.start(List.of("s"), "--sim-latency-ms", "20", "--reclaim-after-seconds", "2").getFirst().http();
            JsonNode run = survivor.awaitTerminal(id, Duration.ofSeconds(60));
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
            assertThat(run.path("node").asText()).isEqualTo("s");
            assertThat(NodeFleet.count(run, "reclaimed")).isEqualTo(1);
            assertThat(run.path("trace_id").asText()).isEqualTo(CALLER_TRACE);

            JsonNode trace = survivor.get("/v1/runs/" + id + "/trace").json();
            assertThat(trace.path("trace_id").asText()).isEqualTo(CALLER_TRACE);
            JsonNode runSpan = null;
            for (JsonNode s : trace.path("spans")) if (s.path("name").asText().equals("invoke_agent assistant")) runSpan = s;
            assertThat(runSpan).as(trace.toString()).isNotNull();
            assertThat(runSpan.path("parent_span_id").asText()).as("under the submission's span on the dead node").isEqualTo(submitSpan);
            assertThat(runSpan.path("attributes").path("flotilla.node_id").asText()).isEqualTo("s");
        }
    }
}
