package dev.flotilla.runtime.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.api.GatewayBackend;
import dev.flotilla.runtime.api.RunRequestParser;
import dev.flotilla.runtime.api.dto.FleetView;
import dev.flotilla.runtime.fleet.NodeCommands;
import dev.flotilla.runtime.queue.DeadLetter;
import dev.flotilla.runtime.kernel.Admitted;
import dev.flotilla.runtime.kernel.RunRefusedException;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunRequest;
import dev.flotilla.runtime.run.RunList;
import dev.flotilla.runtime.run.RunStatus;
import dev.flotilla.runtime.store.RunRecords;
import dev.flotilla.runtime.telemetry.EventBus;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The gateway's view of its node: each request translated into the node's own parts. */
final class NodeBackend implements GatewayBackend {

    private final Node node;

    NodeBackend(Node node) {
        this.node = node;
    }

    @Override public String nodeId() { return node.nodeId; }

    @Override public Set<String> agents() { return node.agents.keySet(); }

    @Override public boolean draining() { return node.state.draining(); }

    @Override public Admitted submit(RunRequest request) throws RunRefusedException { return node.submitter.admit(request); }

    @Override
    public Admitted submit(RunRequest request, java.util.Map<String, String> headers) throws RunRefusedException {
        return node.submitter.admit(request, headers);
    }

    @Override public void publish(RuntimeEvent event) { node.events.publish(event); }

    @Override public Clock clock() { return node.config.clock(); }

    @Override public Optional<Run> run(String id) { return node.runs.find(id); }

    @Override public Optional<Run> existingRun(RunRequest request) { return node.runs.findByIdempotencyKey(request); }

    @Override public RunList runs(RunStatus status, int limit) { return node.runs.recent(status, limit); }

    @Override
    public Optional<Run> cancel(String id) {
        if (node.runs.cancel(id)) {
            Run r = node.runs.find(id).orElseThrow();
            Clock clock = clock();
            node.events.publish(new RuntimeEvent.RunEvent("run.cancelled", clock.instant(), node.nodeId, r.id(), r.agent(),
                    "cancelled", r.startedAt() == null ? null : Duration.between(r.startedAt(), clock.instant()).toMillis(),
                    null, r.outcome().attempts(), "cancelled"));
            return Optional.of(r);
        }
        return node.runs.find(id);
    }

    @Override
    public FleetView fleet() {
        Map<String, Long> byAgent = new LinkedHashMap<>();
        long total = 0;
        for (String agent : node.agents.keySet()) {
            long d = node.queue.depth(agent);
            byAgent.put(agent, d);
            total += d;
        }
        return new FleetView(node.config.fleet(), node.nodeId, node.agents.keySet().stream().sorted().toList(),
                new FleetView.Queue(total, byAgent), node.nodes.nodes());
    }

    @Override public AgentPool.Snapshot scale(String agent, int size) { return node.scaleLocal(agent, size, null, null); }

    @Override
    public boolean setDemoTraffic(boolean enabled) {
        node.demo.setEnabled(enabled);
        node.events.publish(new RuntimeEvent.DemoChanged(clock().instant(), node.nodeId, enabled));
        node.nodes.beat();
        return enabled;
    }

    @Override public List<JsonNode> nodes() { return node.nodes.nodes(); }

    @Override public boolean commandNode(String target, String action) { return node.commands.command(target, action); }

    @Override
    public ScaleResult scaleNode(String target, String agent, RunRequestParser.PoolChange change) {
        NodeCommands.Delivery d = node.commands.scale(target, agent, change.size(), change.min(), change.max());
        return switch (d) {
            case SENT -> ScaleResult.SENT;
            case NO_NODE -> ScaleResult.NO_NODE;
            case NO_AGENT -> ScaleResult.NO_AGENT;
        };
    }

    @Override public List<DeadLetter> deadLetters(int limit) { return node.deadLetters.list(limit); }

    @Override public Optional<DeadLetter> deadLetter(String runId) { return node.deadLetters.find(runId); }

    @Override
    public DeadLetter.Replay replayDeadLetter(String runId) {
        Optional<DeadLetter> letter = node.deadLetters.find(runId);
        if (letter.isEmpty()) return DeadLetter.Replay.NOT_FOUND;
        String agent = letter.get().agent();
        DeadLetter.Replay r = node.deadLetters.replay(runId, "an operator via " + node.nodeId,
                EventBus.toJson(node.submitter.queued(runId, agent)));
        if (r == DeadLetter.Replay.REPLAYED) {
            node.events.publishLocal(node.submitter.queued(runId, agent));
            node.events.publish(new RuntimeEvent.DeadLetterReplayed(clock().instant(), node.nodeId, runId, agent));
        }
        return r;
    }

    @Override public boolean discardDeadLetter(String runId) { return node.deadLetters.discard(runId); }

    @Override public List<String> recentResilienceEvents() { return node.history.recent(); }

    @Override public Map<String, String> readiness() { return node.readiness.checks(); }

    @Override public String metricsText() { return node.metrics.scrape(); }

    @Override public String metricsContentType() { return node.metrics.contentType(); }

    @Override public void onFleetEvent(Consumer<String> listener) { node.events.onFleet(listener); }

    @Override public void removeFleetEventListener(Consumer<String> listener) { node.events.removeFleet(listener); }

    @Override
    public dev.flotilla.runtime.kernel.AuditTrail audit() {
        return node.kernel.audit();
    }
}
