package dev.flotilla.console;

import java.util.Map;

/**
 * Answers shaped exactly as docs/API.md writes them for issue 3 (node control, resilience, dead
 * letters, run timelines), for {@link FakeGateway}. Some carry fields no console knows yet, as a
 * newer node's would, so the tests also check that the console reads past them.
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
                 "draining": false, "model": "simulated", "demo_traffic": false,
                 "pool_size": 8, "busy": 3, "in_flight": %d, "cpu_load": 0.4,
                 "pools": [{"agent": "assistant", "size": 4, "busy": 2, "idle": 2, "min": 1, "max": 16, "autoscale": true,
                            "agents": [{"id": "assistant-1", "state": "busy", "current_run": "run_a", "runs_done": 12}]},
                           {"agent": "triage", "size": 4, "busy": 1, "idle": 3, "min": 4, "max": 4, "autoscale": false, "agents": []}],
                 "resilience": %s}
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

    public static String resilience() {
        return """
                {"nodes": [{"node_id": "n1", "breakers": [{"provider": "simulated", "model": "primary", "state": "closed", "failure_rate": 12.5, "slow_call_rate": 0.0, "calls": 40},
                                                          {"provider": "openai", "model": "gpt-4o", "state": "open", "failure_rate": 62.5, "slow_call_rate": 10.0, "calls": 16}],
                            "retries": 12, "fallbacks": 3, "throttled": 1, "rate_limited": 5},
                           {"node_id": "n2", "breakers": [], "retries": 4, "fallbacks": 0, "throttled": 0, "rate_limited": 1}],
                 "recent": [
                   {"type": "breaker.changed", "time": "2026-11-27T16:19:00.000Z", "node": "n1", "provider": "openai", "model": "gpt-4o", "from": "closed", "to": "open"},
                   {"type": "model.fallback", "time": "2026-11-27T16:18:59.000Z", "node": "n1", "run_id": "run_7", "agent": "assistant", "from": "openai/gpt-4o", "to": "simulated/primary", "reason": "breaker_open"},
                   {"type": "model.retried", "time": "2026-11-27T16:18:58.000Z", "node": "n1", "run_id": "run_7", "agent": "assistant", "provider": "openai", "model": "gpt-4o", "attempt": 1, "error_code": "rate_limited", "wait_ms": 1200},
                   {"type": "pool.scaled", "time": "2026-11-27T16:18:00.000Z", "node": "n2", "agent": "assistant", "size": 6, "from": 4, "reason": "autoscale"},
                   {"type": "something.new", "time": "2026-11-27T16:17:00.000Z", "node": "n2", "shiny": true}
                 ]}
                """;
    }

    public static String deadLetter(String runId, int deliveries) {
        return """
                {"run_id": "%s", "agent": "assistant", "input": "Summarise the incident report", "deliveries": %d,
                 "dead_lettered_at": "2026-11-27T16:10:00Z", "error": {"code": "node_lost", "message": "the node running it stopped beating"},
                 "errors": [{"at": "2026-11-27T16:05:00Z", "node": "n3", "code": "node_lost", "message": "the node running it stopped beating"},
                            {"at": "2026-11-27T16:07:00Z", "node": "n2", "code": "internal_error", "message": "the runtime failed running it"},
                            {"at": "2026-11-27T16:10:00Z", "node": "n1", "code": "node_lost", "message": "the node running it stopped beating"}],
                 "poison_score": 0.9}
                """.formatted(runId, deliveries);
    }

    public static String deadLetters(String... runIds) {
        StringBuilder s = new StringBuilder("{\"dead_letters\": [");
        for (int i = 0; i < runIds.length; i++) s.append(i == 0 ? "" : ",").append(deadLetter(runIds[i], 3));
        return s.append("]}").toString();
    }

    /** A run that was retried, fell back and succeeded, with its timeline. */
    public static String runWithTimeline(String id) {
        return """
                {"run_id": "%s", "agent": "assistant", "status": "succeeded", "input": "hello", "output": "[simulated] hi",
                 "model": "simulated/primary", "fallback_reason": "breaker of openai/gpt-4o open", "node": "n1",
                 "attempts": 3, "deliveries": 1, "usage": {"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30},
                 "created_at": "2026-11-27T16:18:57.000Z", "started_at": "2026-11-27T16:18:57.100Z",
                 "finished_at": "2026-11-27T16:19:00.500Z", "duration_ms": 3400,
                 "timeline": [
                   {"at": "2026-11-27T16:18:57.000Z", "kind": "queued"},
                   {"at": "2026-11-27T16:18:57.100Z", "kind": "started", "detail": "node n1"},
                   {"at": "2026-11-27T16:18:57.100Z", "kind": "attempt", "model": "openai/gpt-4o", "detail": "rate_limited", "duration_ms": 250},
                   {"at": "2026-11-27T16:18:57.350Z", "kind": "retry", "detail": "429, Retry-After honoured", "duration_ms": 1200},
                   {"at": "2026-11-27T16:18:58.550Z", "kind": "wait", "model": "openai/gpt-4o", "detail": "rpm", "duration_ms": 300},
                   {"at": "2026-11-27T16:18:58.900Z", "kind": "breaker_open", "model": "openai/gpt-4o"},
                   {"at": "2026-11-27T16:18:58.900Z", "kind": "fallback", "model": "simulated/primary", "detail": "openai/gpt-4o → simulated/primary: breaker open"},
                   {"at": "2026-11-27T16:18:58.900Z", "kind": "attempt", "model": "simulated/primary", "detail": "ok", "duration_ms": 1600},
                   {"at": "2026-11-27T16:19:00.500Z", "kind": "succeeded", "duration_ms": 3400},
                   {"at": "2026-11-27T16:19:00.600Z", "kind": "teleported", "detail": "a kind from a newer node"}
                 ]}
                """.formatted(id);
    }
}
