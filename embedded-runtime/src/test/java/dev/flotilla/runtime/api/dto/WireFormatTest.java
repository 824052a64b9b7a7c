package dev.flotilla.runtime.api.dto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.fleet.PoolView;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.queue.DeadLetters;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The records the gateway answers with write exactly the JSON docs/API.md promises and the console
 * reads: field names, order, and which absent values are left out or written as null.
 */
class WireFormatTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant STARTED = Instant.parse("2026-01-01T00:00:01.250Z");
    private static final Instant FINISHED = Instant.parse("2026-01-01T00:00:02Z");

    @Test
    void aFinishedRunCarriesEveryFieldInTheDocumentedOrder() {
        Run run = new Run("run_01", "assistant", RunStatus.SUCCEEDED, "hi", "hello", "model_error", "boom", 12, 30,
                "simulated/primary", "s1", "k1", Map.of("k", "v"), "node-a", 2, CREATED, STARTED, FINISHED, 1, 0,
                "primary down", "[{\"at\":\"2026-01-01T00:00:00Z\",\"kind\":\"queued\"}]", null);
        assertThat(Json.write(RunView.of(run))).isEqualTo("{\"run_id\":\"run_01\",\"agent\":\"assistant\",\"status\":\"succeeded\","
                + "\"input\":\"hi\",\"output\":\"hello\",\"error\":{\"code\":\"model_error\",\"message\":\"boom\"},"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":30,\"total_tokens\":42},\"model\":\"simulated/primary\","
                + "\"session_id\":\"s1\",\"idempotency_key\":\"k1\",\"metadata\":{\"k\":\"v\"},\"node\":\"node-a\",\"attempts\":2,"
                + "\"deliveries\":1,\"fallback_reason\":\"primary down\",\"timeline\":[{\"at\":\"2026-01-01T00:00:00Z\",\"kind\":\"queued\"}],"
                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"started_at\":\"2026-01-01T00:00:01.250Z\","
                + "\"finished_at\":\"2026-01-01T00:00:02Z\",\"duration_ms\":750}");
    }

    @Test
    void aQueuedRunLeavesAbsentValuesOutButAlwaysSaysItsAttemptsAndDeliveries() {
        Run run = new Run("run_02", "assistant", RunStatus.QUEUED, "hi", null, null, null, null, null,
                null, null, null, Map.of(), null, 0, CREATED, null, null, 0, 0, null, null, null);
        assertThat(Json.write(RunView.of(run))).isEqualTo("{\"run_id\":\"run_02\",\"agent\":\"assistant\",\"status\":\"queued\","
                + "\"input\":\"hi\",\"attempts\":0,\"deliveries\":0,\"created_at\":\"2026-01-01T00:00:00Z\"}");
    }

    @Test
    void anErrorAndUsageWriteTheirMissingPartsAsNull() {
        Run run = new Run("run_03", "assistant", RunStatus.FAILED, "hi", null, "dead_lettered", null, 12, null,
                null, null, null, Map.of(), null, 1, null, null, null, 3, 3, null, null, null);
        assertThat(Json.write(RunView.of(run))).isEqualTo("{\"run_id\":\"run_03\",\"agent\":\"assistant\",\"status\":\"failed\","
                + "\"input\":\"hi\",\"error\":{\"code\":\"dead_lettered\",\"message\":null},"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":null,\"total_tokens\":12},\"attempts\":1,\"deliveries\":3}");
    }

    @Test
    void aDeadLetterShowsItsRunWhileTheRunIsKept() {
        Run run = new Run("run_04", "assistant", RunStatus.FAILED, "hi", null, "dead_lettered", "gave up", null, null,
                null, null, null, Map.of(), null, 0, CREATED, null, FINISHED, 3, 3, null, null,
                "[{\"at\":\"2026-01-01T00:00:01Z\",\"node\":\"n1\",\"code\":\"lost\",\"message\":\"node died\"}]");
        var kept = new DeadLetters.Letter("run_04", "assistant", FINISHED, 3, Optional.of(run));
        var expired = new DeadLetters.Letter("run_05", "assistant", FINISHED, 3, Optional.empty());
        assertThat(Json.write(DeadLetterList.of(List.of(kept, expired)))).isEqualTo("{\"dead_letters\":["
                + "{\"run_id\":\"run_04\",\"agent\":\"assistant\",\"dead_lettered_at\":\"2026-01-01T00:00:02Z\",\"failures\":3,"
                + "\"input\":\"hi\",\"deliveries\":3,\"error\":{\"code\":\"dead_lettered\",\"message\":\"gave up\"},"
                + "\"errors\":[{\"at\":\"2026-01-01T00:00:01Z\",\"node\":\"n1\",\"code\":\"lost\",\"message\":\"node died\"}],\"timeline\":[]},"
                + "{\"run_id\":\"run_05\",\"agent\":\"assistant\",\"dead_lettered_at\":\"2026-01-01T00:00:02Z\",\"failures\":3}]}");
    }

    @Test
    void aScaledPoolIsThePoolWithTheServingNodeLast() {
        var pool = new AgentPool.Snapshot("assistant", 2, 1, 1, 1, 4, true, List.of(
                new AgentPool.AgentSnapshot("assistant-1", AgentPool.State.BUSY, "run_01", 7),
                new AgentPool.AgentSnapshot("assistant-2", AgentPool.State.IDLE, null, 0)));
        assertThat(Json.write(new ScaledPool(PoolView.of(pool), "gw"))).isEqualTo("{\"agent\":\"assistant\",\"size\":2,\"busy\":1,"
                + "\"idle\":1,\"min\":1,\"max\":4,\"autoscale\":true,\"agents\":["
                + "{\"id\":\"assistant-1\",\"state\":\"busy\",\"current_run\":\"run_01\",\"runs_done\":7},"
                + "{\"id\":\"assistant-2\",\"state\":\"idle\",\"current_run\":null,\"runs_done\":0}],\"served_by\":\"gw\"}");
    }

    @Test
    void errorsAndSmallAnswersKeepTheirShape() {
        assertThat(Json.write(ErrorBody.of("forbidden", "no"))).isEqualTo("{\"error\":{\"code\":\"forbidden\",\"message\":\"no\"}}");
        assertThat(Json.write(new RunAccepted("run_01", "queued"))).isEqualTo("{\"run_id\":\"run_01\",\"status\":\"queued\"}");
        assertThat(Json.write(new NodeRequested("n1", "paused"))).isEqualTo("{\"node_id\":\"n1\",\"requested\":\"paused\"}");
        assertThat(Json.write(new DemoState(true))).isEqualTo("{\"enabled\":true}");
        assertThat(Json.write(Health.live())).isEqualTo("{\"status\":\"ok\"}");
        assertThat(Json.write(Health.ready(new java.util.LinkedHashMap<>(Map.of("redis", "healthy")))))
                .isEqualTo("{\"status\":\"healthy\",\"checks\":{\"redis\":\"healthy\"}}");
        assertThat(Json.write(new FleetView("default", "local", List.of("assistant"),
                new FleetView.Queue(3, Map.of("assistant", 3L)), List.of())))
                .isEqualTo("{\"fleet\":\"default\",\"served_by\":\"local\",\"agents\":[\"assistant\"],"
                        + "\"queue\":{\"depth\":3,\"by_agent\":{\"assistant\":3}},\"nodes\":[]}");
    }
}
