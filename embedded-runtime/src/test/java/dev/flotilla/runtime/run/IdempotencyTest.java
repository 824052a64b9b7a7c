package dev.flotilla.runtime.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An idempotency key names one request: the same request gets the same run, another request is refused. */
class IdempotencyTest {

    @Test
    void aKeyReusedWithAnotherBodyIsRefusedAndTheSameBodyGetsTheSameRun() {
        try (FleetRuntime node = TestNodes.node().nodeId("idem").build().start()) {
            Http http = TestNodes.http(node);
            String body = "{\"agent\":\"assistant\",\"input\":\"pay invoice 7\",\"idempotency_key\":\"inv-7\",\"metadata\":{\"by\":\"ann\"}}";
            Http.Response first = http.post("/v1/runs", body);
            assertThat(first.status()).isEqualTo(202);
            String runId = first.json().path("run_id").asText();

            Http.Response again = http.post("/v1/runs", body);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("run_id").asText()).isEqualTo(runId);

            for (String other : new String[] {
                    "{\"agent\":\"assistant\",\"input\":\"pay invoice 8\",\"idempotency_key\":\"inv-7\",\"metadata\":{\"by\":\"ann\"}}",
                    "{\"agent\":\"assistant\",\"input\":\"pay invoice 7\",\"idempotency_key\":\"inv-7\",\"metadata\":{\"by\":\"bob\"}}",
                    "{\"agent\":\"assistant\",\"input\":\"pay invoice 7\",\"idempotency_key\":\"inv-7\",\"session_id\":\"s1\",\"metadata\":{\"by\":\"ann\"}}"}) {
                Http.Response reused = http.post("/v1/runs", other);
                assertThat(reused.status()).as(other).isEqualTo(422);
                assertThat(reused.json().at("/error/code").asText()).isEqualTo("idempotency_key_reused");
                assertThat(reused.json().at("/error/message").asText()).contains("inv-7", runId);
            }
            // metadata is one object whatever the order its keys came in
            String reordered = "{\"metadata\":{\"by\":\"ann\"},\"idempotency_key\":\"inv-7\",\"input\":\"pay invoice 7\",\"agent\":\"assistant\"}";
            assertThat(http.post("/v1/runs", reordered).status()).isEqualTo(200);
        }
    }

    @Test
    void twoRequestsRacingUnderOneKeyAreToldApartInsideTheCreateStep() {
        try (EmbeddedRedis server = EmbeddedRedis.ephemeral(); Store store = Store.connect(server.endpoint())) {
            RunRecords runs = new RunRecords(store, new Keys("race"), Clock.systemUTC(), Duration.ofHours(1), RunRecords.DEFAULT_MAX_QUEUE_DEPTH);
            // both passed the gateway's look-up before either was stored: the script itself compares
            Run first = runs.create(new RunRequest("assistant", "one", null, "k", Map.of()), "simulated").run();
            assertThat(runs.create(new RunRequest("assistant", "one", null, "k", Map.of()), "simulated").run().id()).isEqualTo(first.id());
            assertThatThrownBy(() -> runs.create(new RunRequest("assistant", "two", null, "k", Map.of()), "simulated"))
                    .isInstanceOf(IdempotencyKeyReusedException.class)
                    .extracting(e -> ((IdempotencyKeyReusedException) e).runId()).isEqualTo(first.id());
        }
    }

    @Test
    void aKeyStoredBeforeFingerprintsWereKeptStillFindsItsRun() {
        try (EmbeddedRedis server = EmbeddedRedis.ephemeral(); Store store = Store.connect(server.endpoint());
             var redis = RawRedis.client(server.endpoint())) {
            Keys keys = new Keys("upgrade");
            RunRecords runs = new RunRecords(store, keys, Clock.systemUTC(), Duration.ofHours(1), RunRecords.DEFAULT_MAX_QUEUE_DEPTH);
            Run run = runs.create(RunRequest.of("assistant", "old"), "simulated").run();
            redis.set(keys.idempotency("legacy"), run.id()); // as the previous version stored it: just the id
            RunRequest retry = new RunRequest("assistant", "old", null, "legacy", Map.of());
            assertThat(runs.findByIdempotencyKey(retry)).map(Run::id).contains(run.id());
            assertThat(runs.create(retry, "simulated").created()).isFalse();
        }
    }
}
