package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.memory.ConversationMemory;
import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.queue.RunQueue;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunStore;
import dev.flotilla.runtime.run.RunTimeline;
import dev.flotilla.runtime.telemetry.EventBus;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import redis.clients.jedis.exceptions.JedisException;
import org.slf4j.LoggerFactory;

/**
 * Carries one delivered run from queued to its end on an agent of this node: claims it, runs the
 * agent loop, stores the outcome, remembers the turn, and only then forgets the queue entry. A
 * run stopped by draining goes back to the queue; a cancelled one just ends.
 */
public final class RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

    private final String nodeId;
    private final Map<String, AgentDefinition> agents;
    private final RunStore store;
    private final RunQueue queue;
    private final ConversationMemory memory;
    private final AgentLoop loop;
    private final EventBus events;
    private final Clock clock;
    private final Duration queueTimeout;
    private final Map<String, RunHandle> inFlight = new ConcurrentHashMap<>();
    private final Map<String, RunQueue.Delivery> deliveries = new ConcurrentHashMap<>();
    private volatile boolean handingBack;

    public RunExecutor(String nodeId, Map<String, AgentDefinition> agents, RunStore store, RunQueue queue,
                       ConversationMemory memory, AgentLoop loop, EventBus events, Clock clock, Duration queueTimeout) {
        this.nodeId = nodeId;
        this.agents = agents;
        this.store = store;
        this.queue = queue;
        this.memory = memory;
        this.loop = loop;
        this.events = events;
        this.clock = clock;
        this.queueTimeout = queueTimeout;
    }

    /** Stops a run of this node if it is here (a cancel seen on the fleet event stream). */
    public void stop(String runId, RunHandle.StopReason reason) {
        RunHandle h = inFlight.get(runId);
        if (h != null) h.stop(reason);
    }

    /** Asks every run in flight here to stop and go back to the queue. */
    public void handBackAll() {
        handingBack = true;
        inFlight.values().forEach(h -> h.stop(RunHandle.StopReason.DRAINING));
    }

    public int inFlight() { return inFlight.size(); }

    /** Keeps the queue entries of this node's runs fresh so that other nodes leave them alone. */
    public void touchInFlight() {
        for (RunQueue.Delivery d : deliveries.values()) {
            try {
                queue.touch(d, nodeId);
            } catch (RuntimeException e) {
                log.debug("could not touch the entry of run {}: {}", d.runId(), e.getMessage());
            }
        }
    }

    public void execute(AgentPool pool, AgentPool.PoolAgent agent, RunQueue.Delivery delivery) {
        String runId = delivery.runId();
        RunHandle handle = new RunHandle(runId);
        inFlight.put(runId, handle);
        deliveries.put(runId, delivery);
        // a run handed over just as the node gave up waiting goes straight back to the queue
        if (handingBack) handle.stop(RunHandle.StopReason.DRAINING);
        try {
            Optional<Run> claimed = store.claim(runId, nodeId, delivery.reclaimed());
            if (claimed.isEmpty()) {
                queue.complete(delivery); // expired, cancelled while queued, or already done elsewhere
                return;
            }
            Run run = claimed.get();
            pool.begin(agent, runId);
            Instant started = clock.instant();
            if (delivery.firstInLine() && run.createdAt().plus(queueTimeout).isBefore(started)) {
                finishFailed(run, started, "queue_timeout",
                        "waited longer than " + queueTimeout.toSeconds() + " s for a free agent; add agents or retry", 0);
                queue.complete(delivery);
                return;
            }
            publish("run.started", run, null, null, null, null);
            AgentDefinition def = agents.get(run.agent());
            List<ChatMessage> history = run.sessionId() == null ? List.of() : memory.history(run.sessionId());
            try {
                RunTimeline timeline = new RunTimeline();
                AgentLoop.Result result = loop.run(def, runId, run.input(), history, handle, timeline, started.plus(def.runTimeout()));
                if (store.succeed(runId, result.output(), result.promptTokens(), result.completionTokens(), result.attempts())) {
                    publish("run.succeeded", run, started, result.promptTokens() + result.completionTokens(), result.attempts(), null);
                    if (run.sessionId() != null) remember(run, result.output());
                }
                queue.complete(delivery);
            } catch (AgentLoop.Failure f) {
                finishFailed(run, started, f.code(), f.getMessage(), f.attempts());
                queue.complete(delivery);
            } catch (InterruptedException e) {
                // cancelled: the cancel already stored the final state and told the fleet. Anything
                // else (draining, or the node's executor shutting down) puts the run back in line.
                if (handle.stopReason() != RunHandle.StopReason.CANCELLED && store.handBack(runId)) {
                    queue.requeue(run.agent(), runId);
                    publish("run.queued", run, null, null, null, null);
                    log.info("handed run {} back to the queue", runId);
                }
                queue.complete(delivery);
            }
        } catch (JedisException e) {
            // Redis hiccup: what was stored is unknown, so the entry stays pending and is reclaimed
            // (here or on another node) once untouched; the status transitions keep a redo harmless
            log.warn("run {} interrupted by a Redis error ({}); it will be picked up again", runId, e.getMessage());
        } catch (RuntimeException e) {
            log.error("run {} failed inside the runtime", runId, e);
            try {
                // a bug would fail again on every redelivery: end the run with a reason instead
                store.find(runId).ifPresent(r -> {
                    if (store.fail(runId, "queued,running", "internal_error",
                            "the runtime failed while running this run: " + e.getClass().getSimpleName(), r.attempts())) {
                        publish("run.failed", r, r.startedAt(), null, r.attempts(), "internal_error");
                    }
                });
                queue.complete(delivery);
            } catch (RuntimeException again) {
                log.warn("run {} left pending for reclaim: {}", runId, again.getMessage());
            }
        } finally {
            // only our own entries: a run delivered twice must not unregister the other delivery
            deliveries.remove(runId, delivery);
            inFlight.remove(runId, handle);
            pool.release(agent);
        }
    }

    /** The outcome is stored and announced; a memory write that fails costs the session one turn, not the run. */
    private void remember(Run run, String output) {
        try {
            memory.append(run.sessionId(), run.input(), output);
        } catch (RuntimeException e) {
            log.warn("session {} did not keep the turn of run {}: {}", run.sessionId(), run.id(), e.getMessage());
        }
    }

    private void finishFailed(Run run, Instant started, String code, String message, int attempts) {
        if (store.fail(run.id(), "running", code, message, attempts)) {
            publish("run.failed", run, started, null, attempts, code);
        }
    }

    private void publish(String type, Run run, Instant started, Integer tokens, Integer attempts, String errorCode) {
        Long duration = started == null ? null : Duration.between(started, clock.instant()).toMillis();
        events.publish(new RuntimeEvent.RunEvent(type, clock.instant(), nodeId, run.id(), run.agent(),
                type.substring("run.".length()), duration, tokens, attempts, errorCode));
    }
}
