package dev.flotilla.runtime.api.dto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.fleet.PoolView;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.queue.DeadLetter;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunError;
import dev.flotilla.runtime.run.RunOutcome;
import dev.flotilla.runtime.run.RunRequest;
import dev.flotilla.runtime.run.RunStatus;
import dev.flotilla.runtime.run.Usage;
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
        Run run = new Run("run_01", new RunRequest("assistant", "hi", "s1", "k1", Map.of("k", "v"),
                new Principal("key_7f3a", "ci-pipeline", OperatorRole.OPERATOR, "user")), RunStatus.SUCCEEDED,
                "simulated/primary", new RunOutcome("hello", new RunError("model_error", "boom"), 2, "primary down"),
                new Usage(12, 30), "node-a", 1, 0, CREATED, STARTED, FINISHED,
                "[{\"at\":\"2026-01-01T00:00:00Z\",\"kind\":\"queued\"}]", null);
        assertThat(Json.write(RunView.of(run))).isEqualTo("{\"run_id\":\"run_01\",\"agent\":\"assistant\",\"status\":\"succeeded\","
                + "\"input\":\"hi\",\"output\":\"hello\",\"error\":{\"code\":\"model_error\",\"message\":\"boom\"},"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":30,\"total_tokens\":42},\"model\":\"simulated/primary\","
                + "\"session_id\":\"s1\",\"idempotency_key\":\"k1\",\"metadata\":{\"k\":\"v\"},\"node\":\"node-a\",\"principal\":{\"key_id\":\"key_7f3a\",\"key_name\":\"ci-pipeline\",\"operator_role\":\"operator\",\"tool_role\":\"user\"},\"attempts\":2,"
                + "\"deliveries\":1,\"fallback_reason\":\"primary down\",\"timeline\":[{\"at\":\"2026-01-01T00:00:00Z\",\"kind\":\"queued\"}],"
                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"started_at\":\"2026-01-01T00:00:01.250Z\","
                + "\"finished_at\":\"2026-01-01T00:00:02Z\",\"duration_ms\":750}");
    }

    @Test
    void aQueuedRunLeavesAbsentValuesOutButAlwaysSaysItsAttemptsAndDeliveries() {
        Run run = new Run("run_02", RunRequest.of("assistant", "hi"), RunStatus.QUEUED, null, RunOutcome.NONE, null,
                null, 0, 0, CREATED, null, null, null, null);
        assertThat(Json.write(RunView.of(run))).isEqualTo("{\"run_id\":\"run_02\",\"agent\":\"assistant\",\"status\":\"queued\","
                + "\"input\":\"hi\",\"principal\":{\"key_id\":\"system\",\"key_name\":\"runtime\",\"operator_role\":\"operator\",\"tool_role\":\"user\"},\"attempts\":0,\"deliveries\":0,\"created_at\":\"2026-01-01T00:00:00Z\"}");
    }

    @Test
    void anErrorWritesItsMissingMessageAsNullAndUsageAllThreeCounts() {
        // a run's usage holds both counts (Run is split into request, outcome and usage): no half-usage to write
        Run run = new Run("run_03", RunRequest.of("assistant", "hi"), RunStatus.FAILED, null,
                new RunOutcome(null, new RunError("dead_lettered", null), 1, null), new Usage(12, 0),
                null, 3, 3, null, null, null, null, null);
        assertThat(Json.write(RunView.of(run))).isEqualTo("{\"run_id\":\"run_03\",\"agent\":\"assistant\",\"status\":\"failed\","
                + "\"input\":\"hi\",\"error\":{\"code\":\"dead_lettered\",\"message\":null},"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":0,\"total_tokens\":12},\"principal\":{\"key_id\":\"system\",\"key_name\":\"runtime\",\"operator_role\":\"operator\",\"tool_role\":\"user\"},\"attempts\":1,\"deliveries\":3}");
    }

    @Test
    void aDeadLetterShowsItsRunWhileTheRunIsKept() {
        Run run = new Run("run_04", RunRequest.of("assistant", "hi"), RunStatus.FAILED, null,
                new RunOutcome(null, new RunError("dead_lettered", "gave up"), 0, null), null, null, 3, 3, CREATED, null, FINISHED, null,
                "[{\"at\":\"2026-01-01T00:00:01Z\",\"node\":\"n1\",\"code\":\"lost\",\"message\":\"node died\"}]");
        var kept = new DeadLetter("run_04", "assistant", FINISHED, 3, Optional.of(run));
        var expired = new DeadLetter("run_05", "assistant", FINISHED, 3, Optional.empty());
        assertThat(Json.write(DeadLetterList.of(List.of(kept, expired)))).isEqualTo("{\"dead_letters\":["
                + "{\"run_id\":\"run_04\",\"agent\":\"assistant\",\"dead_lettered_at\":\"2026-01-01T00:00:02Z\",\"failures\":3,"
                + "\"input\":\"hi\",\"deliveries\":3,\"error\":{\"code\":\"dead_lettered\",\"message\":\"gave up\"},"
                + "\"errors\":[{\"at\":\"2026-01-01T00:00:01Z\",\"node\":\"n1\",\"code\":\"lost\",\"message\":\"node died\"}],\"timeline\":[]},"
                + "{\"run_id\":\"run_05\",\"agent\":\"assistant\",\"dead_lettered_at\":\"2026-01-01T00:00:02Z\",\"failures\":3}]}");
    }

    @Test
    void aScaledPoolIsThePoolWithTheServingNodeLast() {
        var pool = new AgentPool.Snapshot("assistant", 2, 1, 1, 1, 4, true, false, List.of(
                new AgentPool.AgentSnapshot("assistant-1", AgentPool.State.BUSY, "run_01", 7),
                new AgentPool.AgentSnapshot("assistant-2", AgentPool.State.IDLE, null, 0)));
        assertThat(Json.write(new ScaledPool(PoolView.of(pool), "gw"))).isEqualTo("{\"agent\":\"assistant\",\"size\":2,\"busy\":1,"
                + "\"idle\":1,\"min\":1,\"max\":4,\"autoscale\":true,\"held\":false,\"agents\":["
                + "{\"id\":\"assistant-1\",\"state\":\"busy\",\"current_run\":\"run_01\",\"runs_done\":7},"
                + "{\"id\":\"assistant-2\",\"state\":\"idle\",\"current_run\":null,\"runs_done\":0}],\"served_by\":\"gw\"}");
    }

    @Test
    void aNodesHeartbeatDescribesItInTheDocumentedShape() {
        var pool = new AgentPool.Snapshot("assistant", 1, 0, 1, 1, 1, false, false, List.of(
                new AgentPool.AgentSnapshot("assistant-1", AgentPool.State.IDLE, null, 3)));
        var node = new dev.flotilla.runtime.fleet.NodeView("n1", "box-1", "0.1.0", "paused", CREATED, false, "simulated", true,
                false, 1, 0, 0, new dev.flotilla.runtime.fleet.NodeView.Resilience(List.of(
                        new dev.flotilla.runtime.resilience.ResilienceSnapshot.Breaker("simulated", "primary", "closed", -1, -1, 2)),
                        4, 1, 0, 5), List.of(PoolView.of(pool)));
        assertThat(Json.write(node)).isEqualTo("{\"node_id\":\"n1\",\"host\":\"box-1\",\"version\":\"0.1.0\",\"state\":\"paused\","
                + "\"started_at\":\"2026-01-01T00:00:00Z\",\"draining\":false,\"model\":\"simulated\",\"simulated\":true,"
                + "\"demo_traffic\":false,\"pool_size\":1,\"busy\":0,\"in_flight\":0,\"resilience\":{\"breakers\":["
                + "{\"provider\":\"simulated\",\"model\":\"primary\",\"state\":\"closed\",\"failure_rate\":-1.0,"
                + "\"slow_call_rate\":-1.0,\"calls\":2}],\"retries\":4,\"fallbacks\":1,\"throttled\":0,\"rate_limited\":5},"
                + "\"pools\":[{\"agent\":\"assistant\",\"size\":1,\"busy\":0,\"idle\":1,\"min\":1,\"max\":1,\"autoscale\":false,\"held\":false,"
                + "\"agents\":[{\"id\":\"assistant-1\",\"state\":\"idle\",\"current_run\":null,\"runs_done\":3}]}]}");
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
