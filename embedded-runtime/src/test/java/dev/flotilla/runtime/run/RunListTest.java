package dev.flotilla.runtime.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.Keys;
import dev.flotilla.runtime.store.RunRecords;
import dev.flotilla.runtime.store.Store;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.RawRedis;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * Listing runs reads what it returns and no more: a status filter reads that status's index, long
 * texts come as previews, and one list stops at a byte budget (a probe once had
 * {@code ?status=failed&limit=500} read up to 5,000 whole runs per request).
 */
class RunListTest {

    @Test
    void aFilteredListSendsTheNodeOnlyTheRunsItReturnsAsPreviews() {
        try (EmbeddedRedis server = EmbeddedRedis.ephemeral(); Store store = Store.connect(server.endpoint());
             JedisPooled redis = RawRedis.client(server.endpoint())) {
            RunRecords runs = new RunRecords(store, new Keys("bulky"), Clock.systemUTC(), Duration.ofHours(1), RunRecords.DEFAULT_MAX_QUEUE_DEPTH);
            String big = "x".repeat(20_000);
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                Run r = runs.create(RunRequest.of("assistant", big + i), "simulated").run();
                if (i % 100 == 0) {
                    runs.fail(r.id(), List.of(RunStatus.QUEUED), new RunError("model_error", "no"), 1);
                    failed.add(r.id());
                }
            }
            long before = sentBytes(redis);
            RunList list = runs.recent(RunStatus.FAILED, 500);
            long sent = sentBytes(redis) - before;

            assertThat(list.runs()).extracting(l -> l.run().id()).containsExactlyInAnyOrderElementsOf(failed);
            assertThat(list.runs()).allMatch(RunList.Listed::inputTruncated);
            assertThat(list.runs()).allMatch(l -> l.run().request().input().length() == RunRecords.LIST_PREVIEW_BYTES);
            assertThat(list.cutShort()).isFalse();
            // ten previews, not 1,000 runs of 20 KB (20 MB) as a scan of the newest runs read
            assertThat(sent).isLessThan(100_000);
        }
    }

    @Test
    void aListStopsAtItsByteBudgetAndSaysSo() {
        try (EmbeddedRedis server = EmbeddedRedis.ephemeral(); Store store = Store.connect(server.endpoint());
             JedisPooled redis = RawRedis.client(server.endpoint())) {
            Keys keys = new Keys("long-timelines");
            RunRecords runs = new RunRecords(store, keys, Clock.systemUTC(), Duration.ofHours(1), RunRecords.DEFAULT_MAX_QUEUE_DEPTH);
            String step = "{\"at\":\"2026-01-01T00:00:00Z\",\"kind\":\"attempt\",\"detail\":\"" + "d".repeat(1_000) + "\"}";
            String timeline = "[" + String.join(",", java.util.Collections.nCopies(1_000, step)) + "]"; // about 1 MB
            for (int i = 0; i < 10; i++) {
                Run r = runs.create(RunRequest.of("assistant", "run " + i), "simulated").run();
                redis.hset(keys.run(r.id()), "timeline", timeline); // a run that took a very long way
            }
            RunList list = runs.recent(null, 10);
            assertThat(list.cutShort()).isTrue();
            assertThat(list.runs()).hasSizeBetween(1, 4);
            long held = list.runs().stream().mapToLong(l -> l.run().timelineJson().length()).sum();
            assertThat(held).isLessThanOrEqualTo(RunRecords.LIST_BUDGET_BYTES);
        }
    }

    @Test
    void theApiListsPreviewsWithTheirMarksAndARunWhole() {
        try (FleetRuntime node = TestNodes.node().nodeId("lists").maxInputChars(20_000).build().start()) {
            Http http = TestNodes.http(node);
            String input = "é".repeat(5_000); // two bytes each: a preview never cuts one in half
            String id = http.submit("assistant", input, null);
            http.awaitTerminal(id, Duration.ofSeconds(20));

            JsonNode list = http.get("/v1/runs?limit=10").json();
            JsonNode listed = list.path("runs").get(0);
            assertThat(listed.path("run_id").asText()).isEqualTo(id);
            assertThat(listed.path("input").asText()).isEqualTo("é".repeat(RunRecords.LIST_PREVIEW_BYTES / 2));
            assertThat(listed.path("input_truncated").asBoolean()).isTrue();
            assertThat(listed.has("output_truncated")).as("a short output is whole").isFalse();
            assertThat(list.has("truncated")).isFalse();
            JsonNode whole = http.get("/v1/runs/" + id).json();
            assertThat(whole.path("input").asText()).isEqualTo(input);
            assertThat(whole.has("input_truncated")).isFalse();

            JsonNode succeeded = http.get("/v1/runs?status=succeeded&limit=500").json();
            assertThat(succeeded.path("runs")).extracting(r -> r.path("run_id").asText()).containsExactly(id);
            assertThat(http.get("/v1/runs?status=failed&limit=500").json().path("runs")).isEmpty();
        }
    }

    private static long sentBytes(JedisPooled redis) {
        for (String line : redis.info("stats").split("\r?\n")) {
            if (line.startsWith("total_net_output_bytes:")) return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
        }
        throw new IllegalStateException("no total_net_output_bytes in INFO stats");
    }
}
