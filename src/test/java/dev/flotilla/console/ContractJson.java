package dev.flotilla.console;

import java.util.Map;

/**
 * Fleet views and runs as a node writes them, for the tests that need exact figures no real fleet
 * gives on demand (heartbeat ages, a half-open breaker, one timeline with every kind of step):
 * pure tests of the console's own logic, which parse these and never talk to a server. Their field
 * names are checked against a real node's by FleetClientContractTest. Some carry fields no console
 * knows yet, as a newer node's would, so the tests also check that the console reads past them.
 * {@link #firstSliceFleet()} is what a node older than issue 3 answers, for {@link FakeGateway}.
 *
 * <p>The fleet: n1 (active, serves the console, 3 runs in flight), n2 (paused), n3 (lost).
 */
public final class ContractJson {

    private ContractJson() {}

    public static String fleet() {
        return fleet(Map.of("n1", "active", "n2", "paused", "n3", "lost"));
    }

    /** The fleet with each node's state as given. */
    public static String fleet(Map<String, String> states) {
        return """
                {"fleet": "default", "served_by": "n1", "agents": ["assistant", "triage"],
                 "queue": {"depth": 4, "by_agent": {"assistant": 3, "triage": 1}},
                 "some_future_field": {"nested": [1, 2, 3]},
                 "nodes": [%s, %s, %s]}
                """.formatted(
                node("n1", "box-1", states.get("n1"), 420, 3, """
                        {"breakers": [{"provider": "simulated", "model": "primary", "state": "closed", "failure_rate": 12.5, "slow_call_rate": 0.0, "calls": 40},
                                      {"provider": "openai", "model": "gpt-4o", "state": "open", "failure_rate": 62.5, "slow_call_rate": 10.0, "calls": 16, "opened_at": "2026-11-27T16:19:00Z"}],
                         "retries": 12, "fallbacks": 3, "throttled": 1, "rate_limited": 5}"""),
                node("n2", "box-2", states.get("n2"), 800, 2, """
                        {"breakers": [{"provider": "simulated", "model": "primary", "state": "half_open", "failure_rate": -1, "slow_call_rate": -1, "calls": 2}],
                         "retries": 4, "fallbacks": 0, "throttled": 0, "rate_limited": 1}"""),
                node("n3", "box-3", states.get("n3"), 15_000, 1, """
                        {"breakers": [{"provider": "simulated", "model": "primary", "state": "open", "failure_rate": 90, "slow_call_rate": 0, "calls": 10}],
                         "retries": 100, "fallbacks": 100, "throttled": 100, "rate_limited": 100}"""));
    }

    private static String node(String id, String host, String state, long ageMs, int inFlight, String resilience) {
        return """
                {"node_id": "%s", "host": "%s", "version": "0.2.0", "state": "%s",
                 "started_at": "2026-11-27T16:00:00Z", "heartbeat_at": "2026-11-27T16:20:00.000Z", "heartbeat_age_ms": %d,
                 "draining": false, "model": "simulated", "simulated": true, "demo_traffic": false,
                 "pool_size": 8, "busy": 3, "in_flight": %d, "cpu_load": 0.4,
                 "pools": [{"agent": "assistant", "size": 4, "busy": 2, "idle": 2, "min": 1, "max": 16, "autoscale": true,
                            "held": false, "agents": [{"id": "assistant-1", "state": "busy", "current_run": "run_a", "runs_done": 12}]},
                           {"agent": "triage", "size": 4, "busy": 1, "idle": 3, "min": 4, "max": 4, "autoscale": false, "held": false, "agents": []}],
                 "resilience": %s, "modules": {"toolpolicy": {"policy_version": 3, "calls_dropped": 0}}}
                """.formatted(id, host, state, ageMs, inFlight, resilience);
    }

    /** A fleet of one node of the first slice: no state, host, counts or resilience. */
    public static String firstSliceFleet() {
        return """
                {"fleet": "default", "served_by": "old", "agents": ["assistant"], "queue": {"depth": 0, "by_agent": {}},
                 "nodes": [{"node_id": "old", "started_at": "2026-11-27T16:00:00Z", "heartbeat_at": "2026-11-27T16:20:00Z",
                            "draining": false, "model": "simulated", "demo_traffic": false,
                            "pools": [{"agent": "assistant", "size": 4, "busy": 1, "idle": 3, "agents": []}]}]}
                """;
    }

    /**
     * A run that waited for its provider's budget, was retried, found the primary's breaker open,
     * fell back and succeeded; each step worded as the runtime words it (RunStore, Reporter).
     */
    public static String runWithTimeline(String id) {
        return """
                {"run_id": "%s", "agent": "assistant", "status": "succeeded", "input": "hello", "output": "[simulated] hi",
                 "model": "simulated/fallback", "fallback_reason": "breaker_open", "node": "n1",
                 "attempts": 3, "deliveries": 1, "usage": {"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30},
                 "created_at": "2026-11-27T16:18:57.000Z", "started_at": "2026-11-27T16:18:57.100Z",
                 "finished_at": "2026-11-27T16:19:00.500Z", "duration_ms": 3400,
                 "timeline": [
                   {"at": "2026-11-27T16:18:57.000Z", "kind": "queued"},
                   {"at": "2026-11-27T16:18:57.100Z", "kind": "started", "detail": "on n1"},
                   {"at": "2026-11-27T16:18:57.100Z", "kind": "wait", "model": "simulated/primary", "detail": "provider budget (rpm)", "duration_ms": 300},
                   {"at": "2026-11-27T16:18:57.400Z", "kind": "attempt", "model": "simulated/primary", "detail": "model_rate_limited: simulated 429 Too Many Requests", "duration_ms": 250},
                   {"at": "2026-11-27T16:18:57.650Z", "kind": "retry", "model": "simulated/primary", "detail": "model_rate_limited; attempt 1 failed, trying again", "duration_ms": 1200},
                   {"at": "2026-11-27T16:18:58.850Z", "kind": "attempt", "model": "simulated/primary", "detail": "model_server_error: simulated 500 Internal Server Error", "duration_ms": 50},
                   {"at": "2026-11-27T16:18:58.900Z", "kind": "retry", "model": "simulated/primary", "detail": "model_server_error; attempt 2 failed, trying again", "duration_ms": 0},
                   {"at": "2026-11-27T16:18:58.900Z", "kind": "breaker_open", "model": "simulated/primary", "detail": "circuit breaker open: not called"},
                   {"at": "2026-11-27T16:18:58.900Z", "kind": "fallback", "model": "simulated/fallback", "detail": "from simulated/primary: breaker_open"},
                   {"at": "2026-11-27T16:18:58.900Z", "kind": "attempt", "model": "simulated/fallback", "detail": "ok", "duration_ms": 1600},
                   {"at": "2026-11-27T16:19:00.500Z", "kind": "succeeded", "model": "simulated/fallback"},
                   {"at": "2026-11-27T16:19:00.600Z", "kind": "teleported", "detail": "a kind from a newer node"}
                 ]}
                """.formatted(id);
    }
}
