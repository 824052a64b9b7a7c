package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.kernel.RunCall;
import dev.flotilla.runtime.kernel.RunFields;
import dev.flotilla.runtime.kernel.RunChain;
import dev.flotilla.runtime.kernel.RunFailedException;
import dev.flotilla.runtime.kernel.RunInterceptor;
import dev.flotilla.runtime.kernel.RunResult;
import dev.flotilla.runtime.kernel.RunScope;
import dev.flotilla.runtime.memory.ConversationMemory;
import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.queue.Delivery;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunError;
import dev.flotilla.runtime.run.RunOutcome;
import dev.flotilla.runtime.run.RunTimeline;
import dev.flotilla.runtime.run.Usage;
import dev.flotilla.runtime.store.QueueStore;
import dev.flotilla.runtime.store.RunRecords;
import dev.flotilla.runtime.store.StoreException;
import dev.flotilla.runtime.store.StoreFullException;
import dev.flotilla.runtime.store.StoreUnavailableException;
import dev.flotilla.runtime.telemetry.EventBus;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one delivered run from queued to its end on an agent of this node: takes it under a
 * lease, runs the agent loop, and stores the outcome (with the session turn and the announcement)
 * in one step that only the lease holder can make. A run stopped by draining goes back in line;
 * a run whose delivery fails (the runtime failed on it) goes back too, until it has failed too
 * often and becomes a dead letter; a run whose lease another node took over stops and writes nothing.
 */
public final class RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);
    /** How long a finished run's outcome is kept trying while Redis is away before the lease lapses and another node redoes it. */
    private static final Duration STORE_PATIENCE = Duration.ofMinutes(2);

    /** Tunables of the run lifecycle. */
    public record Settings(Duration queueTimeout, int maxFailures) {
        public Settings {
            if (maxFailures < 1) throw new IllegalArgumentException("maxFailures < 1: " + maxFailures);
        }
    }

    private record InFlight(RunHandle handle, Delivery delivery, String lease, RunTimeline timeline) {}

    private final String nodeId;
    private final Map<String, AgentDefinition> agents;
    private final RunRecords store;
    private final QueueStore queue;
    private final ConversationMemory memory;
    private final RunChain runs;
    /** The run chain's terminal: the agent loop of the run's agent. */
    private final RunInterceptor agentLoop;
    private final EventBus events;
    private final Clock clock;
    private final Settings settings;
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private volatile boolean handingBack;

    /** {@code runs}: the kernel's run interceptors, around {@code loop}. */
    public RunExecutor(String nodeId, Map<String, AgentDefinition> agents, RunRecords store, QueueStore queue,
                       ConversationMemory memory, RunChain runs, AgentLoop loop, EventBus events, Clock clock, Settings settings) {
        this.nodeId = nodeId;
        this.agents = agents;
        this.store = store;
        this.queue = queue;
        this.memory = memory;
        this.runs = runs;
        this.agentLoop = chain -> loop.run(agents.get(chain.call().agent()), chain.call());
        this.events = events;
        this.clock = clock;
        this.settings = settings;
    }

    /** Stops a run of this node if it is here (a cancel seen on the fleet event stream). */
    public void stop(String runId, RunHandle.StopReason reason) {
        InFlight f = inFlight.get(runId);
        if (f != null) f.handle().stop(reason);
    }

    /** Asks every run in flight here to stop and go back to the queue. */
    public void handBackAll() {
        handingBack = true;
        inFlight.values().forEach(f -> f.handle().stop(RunHandle.StopReason.DRAINING));
    }

    public int inFlight() { return inFlight.size(); }

    /**
     * Renews the leases of this node's runs so other nodes leave them alone; a run whose lease
     * another node took over (this node stalled past it) is stopped, and will write nothing.
     */
    public void renewLeases() {
        Map<String, List<InFlight>> byAgent = new HashMap<>();
        for (InFlight f : inFlight.values()) byAgent.computeIfAbsent(f.delivery().agent(), a -> new ArrayList<>()).add(f);
        byAgent.forEach((agent, runs) -> {
            try {
                List<String> lost = queue.renew(agent, nodeId, runs.stream().map(f -> f.delivery().entryId()).toList());
                for (InFlight f : runs) {
                    if (lost.contains(f.delivery().entryId()) && !stillOurs(f)) {
                        log.warn("run {} was taken over by another node (this node missed its lease); stopping it here", f.delivery().runId());
                        f.handle().stop(RunHandle.StopReason.LEASE_LOST);
                    }
                }
            } catch (RuntimeException e) {
                log.debug("could not renew the leases of {}: {}", agent, e.getMessage());
            }
        });
        inFlight.values().forEach(this::flushSteps);
    }

    /** Stores the steps a run took since the last time, so its timeline shows while it runs and outlives this node. */
    private void flushSteps(InFlight f) {
        var lock = f.timeline().flushLock();
        if (!lock.tryLock()) return; // the run is storing its end right now
        try {
            List<RunTimeline.Entry> steps = f.timeline().unflushed();
            if (!steps.isEmpty() && store.appendSteps(f.delivery().runId(), f.lease(), steps)) f.timeline().flushed(steps.size());
        } catch (RuntimeException e) {
            log.debug("could not store the steps of run {}: {}", f.delivery().runId(), e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** The entry is gone, but the run may still be ours (its entry lost with an AOF's last second, say): then go on. */
    private boolean stillOurs(InFlight f) {
        try {
            return f.lease().equals(store.lease(f.delivery().runId()));
        } catch (RuntimeException e) {
            return true; // cannot tell: the store step decides, under the lease
        }
    }

    public void execute(AgentPool pool, AgentPool.PoolAgent agent, Delivery delivery) {
        String runId = delivery.runId();
        InFlight running = inFlight.get(runId);
        if (delivery.reclaimed() && running != null && running.delivery().entryId().equals(delivery.entryId())) {
            if (stillOurs(running)) {
                // this node stalled past its own lease and reclaimed its own run: it is still running here
                pool.release(agent);
                return;
            }
            // another node had taken it over meanwhile (and died): the stale execution here stops
            running.handle().stop(RunHandle.StopReason.LEASE_LOST);
        }
        RunHandle handle = new RunHandle(runId);
        String lease = RunRecords.newLease(nodeId);
        RunTimeline timeline = new RunTimeline();
        InFlight mine = new InFlight(handle, delivery, lease, timeline);
        InFlight previous = inFlight.put(runId, mine);
        boolean claimed = false;
        // a run handed over just as the node gave up waiting goes straight back to the queue
        if (handingBack) handle.stop(RunHandle.StopReason.DRAINING);
        try {
            RunRecords.Claim claim = claim(runId, lease, delivery);
            switch (claim.outcome()) {
                case REFUSED -> { return; } // expired, cancelled while queued, or already done elsewhere
                case DEAD_LETTERED -> {
                    announceDeadLetter(runId, delivery.agent(), claim.failures(), "lease_expired");
                    return;
                }
                case CLAIMED -> {
                    claimed = true;
                    // this claim took a new lease: an older execution of the run here can store nothing
                    if (previous != null) previous.handle().stop(RunHandle.StopReason.LEASE_LOST);
                }
            }
            Run run = claim.run();
            pool.begin(agent, runId);
            Instant started = clock.instant();
            events.publishLocal(runEvent("run.started", runId, run.agent(), "running", null, null, null, null));
            if (delivery.reclaimed()) {
                events.publish(new RuntimeEvent.RunReclaimed(started, nodeId, runId, run.agent(), claim.previousNode(), run.deliveries()));
            }
            if (delivery.firstInLine() && run.createdAt().plus(settings.queueTimeout()).isBefore(started)) {
                store(run, lease, delivery, RunOutcome.failed("queue_timeout",
                        "waited longer than " + settings.queueTimeout().toSeconds() + " s for a free agent; add agents or retry", 0),
                        null, null, timeline, null, started, Map.of());
                return;
            }
            AgentDefinition def = agents.get(run.agent());
            String sessionId = run.request().sessionId();
            String input = run.request().input();
            List<ChatMessage> history = sessionId == null ? List.of() : memory.history(sessionId);
            RunScope scope = new RunScope(run.principal(), runId, run.agent(), input, started.plus(def.runTimeout()), timeline, handle,
                    RunFields.of(run.extensions()));
            RunOutcome outcome;
            Usage usage = null;
            String answeredBy = null;
            RunRecords.SessionTurn turn = null;
            try {
                RunResult result = runs.proceed(new RunCall(scope, history), agentLoop);
                outcome = RunOutcome.succeeded(result.output(), result.attempts(), result.fallbackReason());
                usage = new Usage(result.promptTokens(), result.completionTokens(), result.cachedInputTokens(),
                        result.reasoningTokens(), result.cacheWriteTokens(), result.costUsd());
                answeredBy = result.model();
                if (sessionId != null) turn = memory.turn(sessionId, input, result.output());
            } catch (RunFailedException f) {
                outcome = RunOutcome.failed(f.code(), f.getMessage(), f.attempts());
            } catch (InterruptedException e) {
                stopped(run, mine, timeline);
                return;
            } catch (RuntimeException e) {
                failedDelivery(run, mine, timeline, e);
                return;
            }
            // the fields interceptors put (a run's spans, say) ride on the outcome's write
            store(run, lease, delivery, outcome, usage, answeredBy, timeline, turn, started, scope.fields().written());
        } catch (StoreException e) {
            // Redis away while taking the run: what was stored is unknown, so the entry stays pending
            // and is reclaimed (here or elsewhere) once its lease lapses; the scripts make a redo harmless
            log.warn("run {} interrupted by a Redis error ({}); it will be picked up again", runId, e.getMessage());
        } catch (InterruptedException e) {
            log.info("run {} left for another node: this node stopped while storing it", runId);
        } finally {
            // only our own record: a refused second delivery must not unregister the execution running here
            if (!claimed && previous != null) inFlight.replace(runId, mine, previous);
            else inFlight.remove(runId, mine);
            pool.release(agent);
        }
    }

    /**
     * Claims with a few quick retries on a Redis hiccup (a busy pool, a lost reply: a retried claim
     * under the same lease is recognised), rather than leaving the run to wait a whole lease.
     */
    private RunRecords.Claim claim(String runId, String lease, Delivery delivery) throws InterruptedException {
        String started = EventBus.toJson(runEvent("run.started", runId, delivery.agent(), "running", null, null, null, null));
        long backoff = 50;
        for (int attempt = 1; ; attempt++) {
            try {
                return store.claim(runId, nodeId, lease, delivery, settings.maxFailures(), started);
            } catch (StoreUnavailableException e) {
                if (attempt == 4) throw e;
                Thread.sleep(backoff);
                backoff *= 2;
            }
        }
    }

    /** A run stopped early: cancelled (the cancel stored it already), draining (back in line) or taken over (nothing to do). */
    private void stopped(Run run, InFlight f, RunTimeline timeline) {
        RunHandle.StopReason reason = f.handle().stopReason();
        if (reason == RunHandle.StopReason.LEASE_LOST) return;
        if (reason == RunHandle.StopReason.CANCELLED) {
            // forgets the entry; the run's status is already cancelled
            release(run, f, null, null);
            return;
        }
        // draining, or the node's executor shutting down: back in line for any node
        RunRecords.Release r = release(run, f, null, queuedEventJson(run)).outcome();
        if (r == RunRecords.Release.REQUEUED) {
            events.publishLocal(runEvent("run.queued", run.id(), run.agent(), "queued", null, null, null, null));
            log.info("handed run {} back to the queue", run.id());
        }
    }

    /** The runtime failed on this run (a bug, or a poison input): one failed delivery. */
    private void failedDelivery(Run run, InFlight f, RunTimeline timeline, RuntimeException e) {
        log.error("run {} failed inside the runtime", run.id(), e);
        String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (message.length() > 300) message = message.substring(0, 300) + "…";
        RunRecords.Released r = release(run, f, new RunError("internal_error", message), queuedEventJson(run));
        if (r.outcome() == RunRecords.Release.DEAD_LETTERED) {
            announceDeadLetter(run.id(), run.agent(), r.failures(), "internal_error");
        } else if (r.outcome() == RunRecords.Release.REQUEUED) {
            events.publishLocal(runEvent("run.queued", run.id(), run.agent(), "queued", null, null, null, null));
        }
    }

    /** {@code lastError}: the code of the delivery failure that tipped it over (the run's own code is dead_lettered). */
    /** Gives the run up with the steps not stored yet, under the timeline's flush lock (no step is stored twice). */
    private RunRecords.Released release(Run run, InFlight f, RunError error, String queuedEvent) {
        f.timeline().flushLock().lock();
        try {
            return store.release(run.id(), f.lease(), f.delivery(), nodeId, error,
                    settings.maxFailures(), f.timeline().unflushed(), queuedEvent);
        } finally {
            f.timeline().flushLock().unlock();
        }
    }

    private void announceDeadLetter(String runId, String agent, int failures, String lastError) {
        Instant now = clock.instant();
        events.publish(new RuntimeEvent.DeadLettered(now, nodeId, runId, agent, failures, lastError));
        events.publish(runEvent("run.failed", runId, agent, "failed", null, null, null, "dead_lettered"));
        log.warn("run {} moved to the dead letters after {} failed deliveries", runId, failures);
    }

    /**
     * Stores the outcome, trying again while Redis is away (the result is known; redoing the run
     * would call the model twice) until the lease is lost or {@link #STORE_PATIENCE} runs out.
     */
    private void store(Run run, String lease, Delivery delivery, RunOutcome o, Usage usage, String answeredBy,
                       RunTimeline timeline, RunRecords.SessionTurn turn, Instant started, Map<String, String> extensions)
            throws InterruptedException {
        long duration = Duration.between(started, clock.instant()).toMillis();
        Integer tokens = usage == null ? null : usage.totalTokens();
        String status = o.endStatus().wire();
        RuntimeEvent.RunEvent end = runEvent("run." + status, run.id(), run.agent(), status, duration, tokens,
                o.attempts(), o.error() == null ? null : o.error().code());
        String endJson = EventBus.toJson(end);
        long deadline = System.nanoTime() + STORE_PATIENCE.toNanos();
        long backoff = 100;
        timeline.flushLock().lock();
        try {
            storeHoldingSteps(run, lease, delivery, o, usage, answeredBy, timeline, turn, end, endJson, deadline, backoff, extensions);
        } finally {
            timeline.flushLock().unlock();
        }
    }

    private void storeHoldingSteps(Run run, String lease, Delivery delivery, RunOutcome o, Usage usage, String answeredBy,
                                   RunTimeline timeline, RunRecords.SessionTurn turn, RuntimeEvent.RunEvent end, String endJson,
                                   long deadline, long backoff, Map<String, String> extensions) throws InterruptedException {
        while (true) {
            try {
                RunRecords.Finish r = store.finish(run.id(), lease, delivery, o, usage, answeredBy, timeline.unflushed(), turn, endJson, extensions);
                if (r == RunRecords.Finish.STORED) events.publishLocal(end);
                else if (r == RunRecords.Finish.LOST) log.warn("run {} was taken over by another node before it could store its outcome here; dropped", run.id());
                return;
            } catch (StoreUnavailableException | StoreFullException e) {
                // a script error (any other StoreException) will not heal by waiting; an outage or a full store may
                if (System.nanoTime() > deadline) throw e;
                log.warn("storing the outcome of run {} failed ({}); trying again in {} ms", run.id(), e.getMessage(), backoff);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 2_000);
            }
        }
    }

    private String queuedEventJson(Run run) {
        return EventBus.toJson(runEvent("run.queued", run.id(), run.agent(), "queued", null, null, null, null));
    }

    private RuntimeEvent.RunEvent runEvent(String type, String runId, String agent, String status, Long durationMs,
                                           Integer tokens, Integer attempts, String errorCode) {
        return new RuntimeEvent.RunEvent(type, clock.instant(), nodeId, runId, agent, status, durationMs, tokens, attempts, errorCode);
    }
}
