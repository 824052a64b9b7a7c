package dev.flotilla.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.NodeProcesses;
import dev.flotilla.runtime.support.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node process with {@code --log-format json}: every line of its log is one JSON object naming
 * the node; the lines of a run carry its run_id, trace_id and span_id; no line holds the admin key
 * or the Redis password.
 */
class JsonLogsTest {

    @TempDir
    Path dir;

    @Test
    void jsonLogLinesParseCarryTheRunsIdsAndHoldNoSecret() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral()) {
            int port = NodeProcesses.freePort();
            Path log = dir.resolve("json-node.log");
            Process node = NodeProcesses.serve(log, Map.of("FLOTILLA_REDIS_URL", NodeProcesses.url(redis.endpoint()),
                            "FLOTILLA_ADMIN_KEY", TestNodes.KEY, "FLOTILLA_LOG_LEVEL", "DEBUG"),
                    "--port", Integer.toString(port), "--node-id", "json-node", "--data-dir", dir.resolve("data").toString(),
                    "--sim-latency-ms", "20", "--sim-error-rate", "0", "--log-format", "json");
            try {
                Http http = new Http("http://127.0.0.1:" + port, TestNodes.KEY);
                NodeProcesses.awaitHealthy(http, node);
                String id = http.submit("assistant", "hello from the log test", null);
                JsonNode run = http.awaitTerminal(id, Duration.ofSeconds(20));
                assertThat(run.path("status").asText()).isEqualTo("succeeded");
                // a client error: one line at most, never a stack trace
                assertThat(http.post("/v1/runs", "{not json").status()).isEqualTo(400);
            } finally {
                node.destroy(); // SIGTERM: the node drains and logs its way out
                node.waitFor(30, TimeUnit.SECONDS);
            }
            List<String> lines = Files.readAllLines(log);
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> events = new ArrayList<>();
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("Flotilla node ")) continue; // the ready line goes to stdout for people
                if (line.startsWith("WARNING: ") || line.startsWith("Dec ") || line.matches("^[A-Z][a-z]{2} \\d\\d, .*")) continue; // JDK/JUL
                JsonNode e = json.readTree(line);
                events.add(e);
                assertThat(e.path("context").path("properties").path("node_id").asText()).as(line).isEqualTo("json-node");
            }
            assertThat(events).anySatisfy(e -> assertThat(e.path("level").asText()).isEqualTo("INFO"));
            assertThat(events).as("a line of the run with its ids").anySatisfy(e -> {
                assertThat(e.path("mdc").path("run_id").asText()).isNotEmpty();
                assertThat(e.path("mdc").path("trace_id").asText()).matches("[0-9a-f]{32}");
                assertThat(e.path("mdc").path("span_id").asText()).matches("[0-9a-f]{16}");
            });
            String all = String.join("\n", lines);
            assertThat(all).doesNotContain(TestNodes.KEY).doesNotContain(redis.endpoint().password())
                    .doesNotContain("hello from the log test"); // run content only with --log-content (not built yet)
        }
    }
}
