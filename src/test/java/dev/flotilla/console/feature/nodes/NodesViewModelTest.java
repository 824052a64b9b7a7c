package dev.flotilla.console.feature.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.ContractJson;
import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.FakeGateway;
import dev.flotilla.console.MutableClock;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fleet.NodeState;
import dev.flotilla.console.fleet.PoolScale;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Confirmation;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.runtime.FleetRuntime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The nodes page's state without a window. What the runtime already serves (listing its node) is
 * tested against a real node; node states, control and pool bounds are not served yet, so those
 * tests run the real client against {@link FakeGateway}: replace with the local fleet once the
 * runtime serves /v1/nodes and the node fields of /v1/fleet.
 */
class NodesViewModelTest {

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private final FakeGateway gateway = new FakeGateway();
    /** What the fake fleet reports of each node; commands change it as a node would. */
    private final Map<String, String> states = new ConcurrentHashMap<>(Map.of("n1", "active", "n2", "paused", "n3", "lost"));

    private final List<FleetSession> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        sessions.forEach(FleetSession::close);
        gateway.close();
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    private FleetSession session(String url, String key) {
        FleetTarget t = new FleetTarget(new FleetDescriptor("f", "Fleet", url, FleetKind.REMOTE), new ApiKey(key));
        FleetSession s = new FleetSession(t, scheduler, fx, Clock.systemUTC()).start();
        sessions.add(s);
        return s;
    }

    private NodesViewModel connectedToFake() throws Exception {
        gateway.on("GET", "/v1/fleet", r -> new FakeGateway.Answer(200, ContractJson.fleet(states)));
        FleetSession s = session(gateway.url(), FakeGateway.KEY);
        NodesViewModel vm = fx.call(() -> new NodesViewModel(background, Clock.systemUTC()));
        fx.run(() -> vm.setSession(s));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.rows().size() == 3));
        return vm;
    }

    private NodeRow row(NodesViewModel vm, String id) throws Exception {
        return fx.call(() -> find(vm, id));
    }

    /** On the fake FX thread only. */
    private static NodeRow find(NodesViewModel vm, String id) {
        return vm.rows().stream().filter(r -> r.nodeId().equals(id)).findFirst().orElseThrow();
    }

    private List<Boolean> buttons(NodesViewModel vm, String nodeId) throws Exception {
        return fx.call(() -> {
            vm.select(vm.rows().stream().filter(r -> r.nodeId().equals(nodeId)).findFirst().orElseThrow());
            return List.of(vm.canPauseProperty().get(), vm.canDrainProperty().get(), vm.canResumeProperty().get(),
                    vm.canScaleProperty().get());
        });
    }

    @Test
    void theLocalFleetsNodeIsListedWithItsPoolAndAHeartbeatAge() throws Exception {
        FleetRuntime node = TestNodes.start("nodes-vm");
        try (FleetSession s = session(node.baseUrl(), TestNodes.KEY)) {
            NodesViewModel vm = fx.call(() -> new NodesViewModel(background, Clock.systemUTC()));
            fx.run(() -> vm.setSession(s));
            waitFor(15, TimeUnit.SECONDS, () -> fx.call(() -> vm.rows().size() == 1));
            NodeRow row = row(vm, "nodes-vm");
            assertThat(fx.call(() -> row.stateProperty().get())).isEqualTo(NodeState.ACTIVE);
            assertThat(fx.call(() -> row.poolSizeProperty().get())).isEqualTo(4);
            assertThat(fx.call(() -> row.ageProperty().get())).endsWith(" s ago");
            assertThat(fx.call(() -> vm.pools())).extracting(PoolRow::agent, PoolRow::size)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("assistant", 4));
            assertThat(fx.call(() -> vm.summaryProperty().get())).startsWith("1 node (1 active)");
        } finally {
            node.close();
        }
    }

    @Test
    void eachNodesButtonsFollowItsStateAndALostNodeIsGreyedWithNothingToAsk() throws Exception {
        NodesViewModel vm = connectedToFake();
        //                                    pause  drain  resume scale
        assertThat(buttons(vm, "n1")).containsExactly(true, true, false, true);
        assertThat(buttons(vm, "n2")).containsExactly(false, true, true, true);
        assertThat(buttons(vm, "n3")).containsExactly(false, false, false, false);
        assertThat(row(vm, "n3").lost()).isTrue();
        assertThat(fx.call(() -> vm.controlHintProperty().get())).isEqualTo(NodesViewModel.LOST); // n3 is selected
        assertThat(row(vm, "n1").lost()).isFalse();
        assertThat(fx.call(() -> vm.canPerform(NodeAction.RESUME, "n1"))).isFalse();
        assertThat(fx.call(() -> vm.summaryProperty().get())).isEqualTo("3 nodes (1 active, 1 paused, 1 lost) · queue 4");
        // a lost node's heartbeat is long stale, a live one's fresh
        assertThat(fx.call(() -> find(vm, "n3").staleProperty().get())).isTrue();
        assertThat(fx.call(() -> find(vm, "n1").staleProperty().get())).isFalse();
    }

    @Test
    void drainingANodeIsAskedOfTheFleetAndTheNewStateShows() throws Exception {
        gateway.on("POST", "/v1/nodes/n1/drain", r -> {
            states.put("n1", "draining"); // the node acts on it
            return new FakeGateway.Answer(202, "{\"node_id\": \"n1\", \"requested\": \"draining\"}");
        });
        NodesViewModel vm = connectedToFake();

        Confirmation c = fx.call(() -> vm.confirmation(NodeAction.DRAIN, "n1").orElseThrow());
        assertThat(c.question()).isEqualTo("Drain node n1?");
        assertThat(c.consequence()).startsWith("It finishes its 3 runs in flight and takes nothing new; its gateway refuses new runs")
                .contains("This console talks to the fleet through n1")
                // n2 is paused and n3 lost: nobody else takes runs
                .contains("No other node is active");

        fx.run(() -> vm.perform(NodeAction.DRAIN, "n1"));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> find(vm, "n1").stateProperty().get() == NodeState.DRAINING));
        assertThat(gateway.writes()).extracting(FakeGateway.Request::path).containsExactly("/v1/nodes/n1/drain");
        assertThat(fx.call(() -> vm.messageProperty().get())).isEqualTo("Node n1: drain requested; the node acts within a second");
        assertThat(fx.call(() -> vm.messageIsErrorProperty().get())).isFalse();
        assertThat(buttons(vm, "n1")).containsExactly(false, false, true, false);
    }

    @Test
    void aRefusedCommandShowsTheFleetsWordsAndLeavesTheButtonsUsable() throws Exception {
        gateway.json("POST", "/v1/nodes/n2/resume", 404, FakeGateway.error("node_not_found", "no live node n2; it may have been lost"));
        NodesViewModel vm = connectedToFake();
        fx.run(() -> vm.perform(NodeAction.RESUME, "n2"));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.messageIsErrorProperty().get()));
        assertThat(fx.call(() -> vm.messageProperty().get()))
                .isEqualTo("Resume of node n2 failed: no live node n2; it may have been lost");
        assertThat(buttons(vm, "n2")).containsExactly(false, true, true, true);
        assertThat(fx.call(() -> vm.workingProperty().get())).isFalse();
    }

    @Test
    void aCommandIsNotSentWhenItMeansNothingForTheNodesState() throws Exception {
        NodesViewModel vm = connectedToFake();
        fx.run(() -> {
            vm.perform(NodeAction.PAUSE, "n2"); // already paused
            vm.perform(NodeAction.DRAIN, "n3"); // lost
            vm.scale("n3", "assistant", PoolScale.size(2));
        });
        Thread.sleep(300); // nothing may arrive late either
        assertThat(gateway.writes()).isEmpty();
    }

    @Test
    void scalingOnePoolSaysWhatWillHappenAndSendsTheValues() throws Exception {
        gateway.json("POST", "/v1/nodes/n1/pools/assistant/scale", 202, "{\"node_id\": \"n1\", \"requested\": \"scaled\"}");
        NodesViewModel vm = connectedToFake();
        assertThat(fx.call(() -> vm.scaleConsequence("n1", "assistant", PoolScale.size(2)).orElseThrow()))
                .isEqualTo("The pool shrinks from 4 to 2 agents; busy agents finish their run, then retire.");
        assertThat(fx.call(() -> vm.scaleConsequence("n1", "triage", PoolScale.bounds(2, 8)).orElseThrow()))
                .isEqualTo("Autoscaling keeps it between 2 and 8 agents (autoscaling turns on).");
        assertThat(fx.call(() -> vm.scaleConsequence("n2", "assistant", new PoolScale(6, 3, 3)).orElseThrow()))
                .isEqualTo("The pool grows from 4 to 6 agents. Autoscaling is off: min = max = 3."
                        + " The node is paused: its agents take runs once it is resumed.");

        fx.run(() -> vm.scale("n1", "assistant", new PoolScale(6, 2, 32)));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.messageProperty().get().endsWith("requested")));
        assertThat(fx.call(() -> vm.messageProperty().get()))
                .isEqualTo("Pool assistant on node n1: size 6, autoscaling 2–32 requested");
        assertThat(gateway.requests("POST", "/v1/nodes/n1/pools/assistant/scale").getFirst().body())
                .isEqualTo("{\"size\":6,\"min\":2,\"max\":32}");
    }

    @Test
    void aNodeTooOldForControlIsListedButCannotBeSteered() throws Exception {
        gateway.json("GET", "/v1/fleet", 200, ContractJson.firstSliceFleet());
        try (FleetSession s = session(gateway.url(), FakeGateway.KEY)) {
            NodesViewModel vm = fx.call(() -> new NodesViewModel(background, Clock.systemUTC()));
            fx.run(() -> vm.setSession(s));
            waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.rows().size() == 1));
            assertThat(buttons(vm, "old")).containsExactly(false, false, false, false);
            assertThat(fx.call(() -> vm.controlHintProperty().get())).isEqualTo(NodesViewModel.TOO_OLD);
            assertThat(fx.call(() -> find(vm, "old").stateProperty().get())).isEqualTo(NodeState.ACTIVE);
            assertThat(fx.call(() -> find(vm, "old").hostProperty().get())).isEmpty();
        }
    }

    @Test
    void theHeartbeatAgeCountsOnBetweenSnapshots() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T16:20:05Z"));
        FleetInfo info = Json.MAPPER.readValue(ContractJson.fleet(), FleetInfo.class);
        NodesViewModel vm = fx.call(() -> new NodesViewModel(background, clock));
        fx.run(() -> vm.onSignals(List.of(new FleetSnapshot(info, clock.instant()))));
        NodeRow n1 = row(vm, "n1");
        assertThat(fx.call(() -> n1.ageProperty().get())).isEqualTo("0.4 s ago"); // the node's own 420 ms
        clock.advance(Duration.ofMillis(1_300));
        fx.run(vm::tick);
        assertThat(fx.call(() -> n1.ageProperty().get())).isEqualTo("1.7 s ago");
        assertThat(fx.call(() -> n1.staleProperty().get())).isFalse();
        clock.advance(Duration.ofSeconds(70));
        fx.run(vm::tick);
        assertThat(fx.call(() -> n1.ageProperty().get())).isEqualTo("1 min 11 s ago");
        assertThat(fx.call(() -> n1.staleProperty().get())).isTrue();
        // a fresh snapshot starts from the node's figure again
        fx.run(() -> vm.onSignals(List.of(new FleetSnapshot(info, clock.instant()))));
        assertThat(fx.call(() -> n1.ageProperty().get())).isEqualTo("0.4 s ago");
    }

    @Test
    void aNodeStateEventShowsAtOnceAndAsksForAFreshSnapshot() throws Exception {
        NodesViewModel vm = connectedToFake();
        int polls = gateway.requests("GET", "/v1/fleet").size();
        gateway.emit("node.state", "{\"type\": \"node.state\", \"time\": \"2026-11-27T16:21:00Z\", \"node\": \"n2\", \"state\": \"draining\", \"reason\": \"operator\"}");
        states.put("n2", "draining");
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> find(vm, "n2").stateProperty().get() == NodeState.DRAINING));
        waitFor(5, TimeUnit.SECONDS, () -> gateway.requests("GET", "/v1/fleet").size() > polls);
    }

    @Test
    void theConfirmationsSayWhatWillHappen() {
        NodeAction.NodeFacts n2 = new NodeAction.NodeFacts("n2", NodeState.ACTIVE, 1, false, 2);
        assertThat(NodeAction.PAUSE.confirmation(n2).consequence()).isEqualTo("It stops taking runs from the queue and finishes"
                + " its 1 run in flight. Its gateway still accepts new runs; other nodes run them. Resume undoes this.");
        assertThat(NodeAction.DRAIN.confirmation(n2).consequence()).isEqualTo("It finishes its 1 run in flight and takes nothing new;"
                + " its gateway refuses new runs (503 draining) and reports itself unready, so a load balancer sends traffic"
                + " elsewhere. Resume undoes this.");
        assertThat(NodeAction.RESUME.confirmation(new NodeAction.NodeFacts("n2", NodeState.DRAINING, 0, false, 1)).consequence())
                .isEqualTo("It takes runs from the queue again and its gateway accepts new runs again.");
        assertThat(NodeAction.PAUSE.confirmation(new NodeAction.NodeFacts("n2", NodeState.ACTIVE, null, false, 1)).consequence())
                .startsWith("It stops taking runs from the queue and finishes the runs it has in flight.");
        assertThat(NodeAction.RESUME.allowedIn(NodeState.ACTIVE)).isFalse();
        assertThat(NodeAction.SCALE.allowedIn(NodeState.DRAINING)).isFalse();
        for (NodeAction a : NodeAction.values()) assertThat(a.allowedIn(NodeState.LOST)).as(a.name()).isFalse();
    }
}
