package dev.flotilla.runtime.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two nodes on one Redis are one fleet: one queue, one run store, one event stream, one view. */
class TwoNodeFleetTest {

    @Test
    void twoNodesShareTheQueueTheViewAndTheEventStream() throws Exception {
        try (FleetRuntime a = TestNodes.node().nodeId("node-a").build().start();
             FleetRuntime b = TestNodes.node().nodeId("node-b").redisUrl(a.redisUrl()).build().start()) {
            Http viaA = TestNodes.http(a);
            Http viaB = TestNodes.http(b);

            JsonNode fleet = viaB.get("/v1/fleet").json();
            List<String> nodeIds = new ArrayList<>();
            fleet.get("nodes").forEach(n -> nodeIds.add(n.get("node_id").asText()));
            assertThat(nodeIds).containsExactly("node-a", "node-b");

            HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(a.baseUrl() + "/v1/events"))
                            .header("Accept", "text/event-stream").header("Authorization", "Bearer " + TestNodes.KEY).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (var events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                events.readLine(); // ": connected"
                Set<String> ranOn = new HashSet<>();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 30; i++) ids.add(viaB.submit("assistant", "shared " + i, null));
                for (String id : ids) {
                    JsonNode run = viaA.awaitTerminal(id, Duration.ofSeconds(30)); // submitted on b, read on a
                    assertThat(run.path("status").asText()).isEqualTo("succeeded");
                    ranOn.add(run.path("node").asText());
                }
                assertThat(ranOn).containsExactlyInAnyOrder("node-a", "node-b");

                // node a's stream carries node b's events too
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                boolean sawB = false;
                String line;
                while (!sawB && System.nanoTime() < deadline && (line = events.readLine()) != null) {
                    sawB = line.startsWith("data:") && line.contains("\"node\":\"node-b\"");
                }
                assertThat(sawB).isTrue();
            }
        }
    }
}
