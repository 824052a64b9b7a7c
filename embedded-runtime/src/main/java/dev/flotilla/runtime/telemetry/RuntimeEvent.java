package dev.flotilla.runtime.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** Everything that happens in a fleet, as typed records; the wire form is JSON with a {@code type}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface RuntimeEvent {

    String type();

    Instant time();

    String node();

    /** A run changed state. {@code type} is {@code run.<status>}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunEvent(String type, Instant time, String node,
                    @JsonProperty("run_id") String runId, String agent, String status,
                    @JsonProperty("duration_ms") Long durationMs,
                    @JsonProperty("total_tokens") Integer totalTokens,
                    Integer attempts,
                    @JsonProperty("error_code") String errorCode) implements RuntimeEvent {}

    /**
     * A streamed answer grew: {@code text} goes at {@code offset} of the answer of the run's
     * current model call (a retried or next call starts again at 0). Published coalesced, a few a
     * second at most per run, never one per token.
     */
    record RunDelta(String type, Instant time, String node,
                    @JsonProperty("run_id") String runId, String agent, int offset, String text) implements RuntimeEvent {
        public RunDelta(Instant time, String node, String runId, String agent, int offset, String text) {
            this("run.delta", time, node, runId, agent, offset, text);
        }
    }

    /** A pool changed size; {@code reason} is {@code manual} (an operator) or {@code autoscale}. */
    record PoolScaled(String type, Instant time, String node, String agent, int size,
                      Integer from, String reason) implements RuntimeEvent {
        public PoolScaled(Instant time, String node, String agent, int size) {
            this("pool.scaled", time, node, agent, size, null, "manual");
        }

        public PoolScaled(Instant time, String node, String agent, int from, int size, String reason) {
            this("pool.scaled", time, node, agent, size, from, reason);
        }
    }

    /** A model call failed with a retryable error and will be tried again after {@code waitMs}. */
    record ModelRetried(String type, Instant time, String node,
                        @JsonProperty("run_id") String runId, String agent, String provider, String model,
                        int attempt, @JsonProperty("error_code") String errorCode,
                        @JsonProperty("wait_ms") long waitMs) implements RuntimeEvent {
        public ModelRetried(Instant time, String node, String runId, String agent, String provider, String model,
                            int attempt, String errorCode, long waitMs) {
            this("model.retried", time, node, runId, agent, provider, model, attempt, errorCode, waitMs);
        }
    }

    /** A run gave up on one model of its agent's chain and went on with the next; models as {@code provider/model}. */
    record FallbackTaken(String type, Instant time, String node,
                         @JsonProperty("run_id") String runId, String agent, String from, String to,
                         String reason) implements RuntimeEvent {
        public FallbackTaken(Instant time, String node, String runId, String agent, String from, String to, String reason) {
            this("model.fallback", time, node, runId, agent, from, to, reason);
        }
    }

    /** A circuit breaker of one provider and model changed state: closed, open, half_open (and disabled, forced_open). */
    record BreakerChanged(String type, Instant time, String node, String provider, String model,
                          String from, String to) implements RuntimeEvent {
        public BreakerChanged(Instant time, String node, String provider, String model, String from, String to) {
            this("breaker.changed", time, node, provider, model, from, to);
        }
    }

    /** A model call waited for the provider's request or token budget ({@code limit}: rpm or tpm). */
    record ProviderThrottled(String type, Instant time, String node,
                             @JsonProperty("run_id") String runId, String provider, String model, String limit,
                             @JsonProperty("wait_ms") long waitMs) implements RuntimeEvent {
        public ProviderThrottled(Instant time, String node, String runId, String provider, String model, String limit, long waitMs) {
            this("provider.throttled", time, node, runId, provider, model, limit, waitMs);
        }
    }

    /**
     * The gateway refused a request over a rate limit. {@code scope}: key or agent; {@code subject}:
     * the agent, or a short fingerprint of the key (never the key).
     */
    record RateLimited(String type, Instant time, String node, String scope, String subject,
                       @JsonProperty("retry_after_ms") long retryAfterMs) implements RuntimeEvent {
        public RateLimited(Instant time, String node, String scope, String subject, long retryAfterMs) {
            this("ratelimit.rejected", time, node, scope, subject, retryAfterMs);
        }
    }

    /** A node changed its state: active, paused or draining; {@code reason} says who asked. */
    record NodeStateChanged(String type, Instant time, String node, String state, String reason) implements RuntimeEvent {
        public NodeStateChanged(Instant time, String node, String state, String reason) {
            this("node.state", time, node, state, reason);
        }
    }

    /** A run whose lease had expired (its node died or stalled) was taken over by this node. */
    record RunReclaimed(String type, Instant time, String node,
                        @JsonProperty("run_id") String runId, String agent,
                        @JsonProperty("from_node") String fromNode, int deliveries) implements RuntimeEvent {
        public RunReclaimed(Instant time, String node, String runId, String agent, String fromNode, int deliveries) {
            this("run.reclaimed", time, node, runId, agent, fromNode, deliveries);
        }
    }

    /** A run failed delivery too often and moved to the dead letters. */
    record DeadLettered(String type, Instant time, String node,
                        @JsonProperty("run_id") String runId, String agent, int deliveries,
                        @JsonProperty("error_code") String errorCode) implements RuntimeEvent {
        public DeadLettered(Instant time, String node, String runId, String agent, int deliveries, String errorCode) {
            this("deadletter.added", time, node, runId, agent, deliveries, errorCode);
        }
    }

    /** An operator put a dead-lettered run back in line. */
    record DeadLetterReplayed(String type, Instant time, String node,
                              @JsonProperty("run_id") String runId, String agent) implements RuntimeEvent {
        public DeadLetterReplayed(Instant time, String node, String runId, String agent) {
            this("deadletter.replayed", time, node, runId, agent);
        }
    }

    /**
     * The input guard flagged or blocked a text, or redacted secrets: {@code type} is
     * {@code guard.flagged}, {@code guard.blocked} or {@code guard.redacted}; {@code source} is
     * {@code input}, {@code tool_result} or {@code output}; {@code run_id} is null for a blocked input
     * (no run was made). Never the text itself.
     */
    record GuardAction(String type, Instant time, String node,
                       @JsonProperty("run_id") String runId, String agent, String source, Double score) implements RuntimeEvent {
        /** {@code action}: flagged, blocked or redacted. */
        public static GuardAction of(String action, Instant time, String node, String runId, String agent, String source, Double score) {
            return new GuardAction("guard." + action, time, node, runId, agent, source, score);
        }
    }

    record DemoChanged(String type, Instant time, String node, boolean enabled) implements RuntimeEvent {
        public DemoChanged(Instant time, String node, boolean enabled) {
            this("demo.changed", time, node, enabled);
        }
    }

    /** A budget's spend crossed one of its alert thresholds, for the first time in its period, fleet-wide. */
    record BudgetThreshold(String type, Instant time, String node, @JsonProperty("alert_id") String alertId,
                           @JsonProperty("budget_id") String budgetId, String budget, double threshold,
                           @JsonProperty("spent_usd") double spentUsd, @JsonProperty("limit_usd") double limitUsd,
                           String period) implements RuntimeEvent {
        public BudgetThreshold(Instant time, String node, String alertId, String budgetId, String budget, double threshold,
                               double spentUsd, double limitUsd, String period) {
            this("budget.threshold", time, node, alertId, budgetId, budget, threshold, spentUsd, limitUsd, period);
        }
    }
}
