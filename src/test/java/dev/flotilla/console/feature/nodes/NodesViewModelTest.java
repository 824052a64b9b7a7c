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
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fleet.NodeState;
import dev.flotilla.console.fleet.PoolScale;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Confirmation;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.agent.AgentPool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The nodes page's state without a window, on a real fleet in this JVM: n1 (which the console talks
 * to) and n2 share one embedded Redis, n3 stopped beating a minute ago. Commands go through n1's
 * gateway to n2, which acts on its next heartbeat, so tests poll with a deadline. Only a node too
 * old to be steered is played by {@link FakeGateway}.
 */
class NodesViewModelTest {

    private static FleetRuntime n1;
    private static FleetRuntime n2;
    private static FleetRuntime n3;

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private final List<FleetSession> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void fleet() {
        n1 = TestNodes.start("n1");
        n2 = TestNodes.joining(n1, TestNodes.fast("n2", TestNodes.KEY));
        n3 = TestNodes.silent(n1, "n3");
    }

    @AfterAll
    static void stopFleet() {
        for (FleetRuntime n : new FleetRuntime[] {n3, n2, n1}) if (n != null) n.close();
    }

    /** n2 as each test expects to find it: active, its pool of 4 without autoscaling. */
    @BeforeEach
    void resetN2() {
        n2.pool("assistant").scale(4);
        n2.setBounds("assistant", 4, 4);
        n2.setState("active", "the test's setup");
    }

    @AfterEach
    void stop() {
        sessions.forEach(FleetSession::close);
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

    /** The page on the real fleet, once it shows all three nodes with n2 in {@code n2State}. */
    private NodesViewModel shown(NodeState n2State) throws Exception {
        FleetSession s = session(n1.baseUrl(), TestNodes.KEY);
        NodesViewModel vm = fx.call(() -> new NodesViewModel(background, Clock.systemUTC()));
        fx.run(() -> vm.setSession(s));
        waitFor(15, TimeUnit.SECONDS, () -> fx.call(() -> vm.rows().size() == 3 && find(vm, "n2").stateProperty().get() == n2State
                && find(vm, "n2").pools().getFirst().size() == 4));
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
        try (FleetClient other = new FleetClient(n1.baseUrl(), new ApiKey(TestNodes.KEY))) {
            other.nodes().pause("n2").get(10, TimeUnit.SECONDS);
        }
        NodesViewModel vm = shown(NodeState.PAUSED);
        //                                    pause  drain  resume scale
        assertThat(buttons(vm, "n1")).containsExactly(true, true, false, true);
        assertThat(buttons(vm, "n2")).containsExactly(false, true, true, true);
        assertThat(buttons(vm, "n3")).containsExactly(false, false, false, false);
        assertThat(row(vm, "n3").lost()).isTrue();
        assertThat(fx.call(() -> vm.controlHintProperty().get())).isEqualTo(NodesViewModel.LOST); // n3 is selected
        assertThat(row(vm, "n1").lost()).isFalse();
        assertThat(fx.call(() -> vm.canPerform(NodeAction.RESUME, "n1"))).isFalse();
        assertThat(fx.call(() -> vm.summaryProperty().get())).isEqualTo("3 nodes (1 active, 1 paused, 1 lost) · queue 0");
        // a lost node's heartbeat is long stale, a live one's fresh
        assertThat(fx.call(() -> find(vm, "n3").staleProperty().get())).isTrue();
        assertThat(fx.call(() -> find(vm, "n3").ageProperty().get())).startsWith("1 min");
        assertThat(fx.call(() -> find(vm, "n3").inFlightProperty().get())).as("its runs went to other nodes").isNull();
        assertThat(fx.call(() -> find(vm, "n1").staleProperty().get())).isFalse();
    }

    @Test
    void drainingANodeIsAskedOfTheFleetAndTheNewStateShows() throws Exception {
        NodesViewModel vm = shown(NodeState.ACTIVE);

        Confirmation c = fx.call(() -> vm.confirmation(NodeAction.DRAIN, "n1").orElseThrow());
        assertThat(c.question()).isEqualTo("Drain node n1?");
        assertThat(c.consequence()).startsWith("It takes nothing new; right now it has no runs in flight. Its gateway refuses new runs")
                .contains("This console talks to the fleet through n1")
                .doesNotContain("No other node is active"); // n2 is

        fx.run(() -> vm.perform(NodeAction.DRAIN, "n2"));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> find(vm, "n2").stateProperty().get() == NodeState.DRAINING));
        assertThat(n2.state()).isEqualTo("draining");
        assertThat(fx.call(() -> vm.messageProperty().get())).isEqualTo("Node n2: drain requested; the node acts within a second");
        assertThat(fx.call(() -> vm.messageIsErrorProperty().get())).isFalse();
        assertThat(buttons(vm, "n2")).containsExactly(false, false, true, false);
        // n2 draining, n3 lost: draining n1 too would leave no node to take runs
        assertThat(fx.call(() -> vm.confirmation(NodeAction.DRAIN, "n1").orElseThrow().consequence())).contains("No other node is active");
    }

    @Test
    void aRefusedCommandShowsTheFleetsWordsAndLeavesTheButtonsUsable() throws Exception {
        FleetRuntime n4 = TestNodes.joining(n1, TestNodes.fast("n4", TestNodes.KEY));
        FleetSnapshot withN4;
        NodesViewModel vm;
        try {
            FleetSession s = session(n1.baseUrl(), TestNodes.KEY);
            vm = fx.call(() -> new NodesViewModel(background, Clock.systemUTC()));
            NodesViewModel page = vm;
            fx.run(() -> page.setSession(s));
            waitFor(15, TimeUnit.SECONDS, () -> fx.call(() -> page.rows().stream().anyMatch(r -> r.nodeId().equals("n4"))));
            withN4 = s.lastSnapshot().filter(snap -> snap.info().node("n4").isPresent()).orElseThrow();
        } finally {
            n4.close(); // it leaves the fleet
        }
        // the page still shows n4 as its last snapshot had it, and the operator resumes it: the fleet says no
        NodesViewModel page = vm;
        fx.run(() -> {
            page.onSignals(List.of(withN4));
            page.perform(NodeAction.PAUSE, "n4");
        });
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> page.messageIsErrorProperty().get()));
        assertThat(fx.call(() -> page.messageProperty().get()))
                .isEqualTo("Pause of node n4 failed: no live node with id 'n4' (see GET /v1/fleet)");
        assertThat(fx.call(() -> page.workingProperty().get())).isFalse();
        // the fresh snapshot asked for after the refusal no longer has n4; the others are steered as before
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> page.rows().stream().noneMatch(r -> r.nodeId().equals("n4"))));
        assertThat(buttons(page, "n2")).containsExactly(true, true, false, true);
    }

    @Test
    void aCommandIsNotSentWhenItMeansNothingForTheNodesState() throws Exception {
        n2.setState("paused", "the test");
        NodesViewModel vm = shown(NodeState.PAUSED);
        // a command that is sent says so at once ("Pausing node n2…"); these say nothing and change nothing
        assertThat(fx.call(() -> {
            vm.perform(NodeAction.PAUSE, "n2"); // already paused
            vm.perform(NodeAction.DRAIN, "n3"); // lost
            vm.perform(NodeAction.RESUME, "n1"); // active
            vm.scale("n3", "assistant", PoolScale.size(2));
            return List.of(vm.messageProperty().get(), vm.workingProperty().get());
        })).containsExactly("", false);
        assertThat(n2.state()).isEqualTo("paused");
        assertThat(n1.state()).isEqualTo("active");
    }

    @Test
    void scalingOnePoolSaysWhatWillHappenAndSendsTheValues() throws Exception {
        NodesViewModel vm = shown(NodeState.ACTIVE);
        assertThat(fx.call(() -> vm.scaleConsequence("n2", "assistant", PoolScale.size(2)).orElseThrow()))
                .isEqualTo("The pool shrinks from 4 to 2 agents; busy agents finish their run, then retire.");
        assertThat(fx.call(() -> vm.scaleConsequence("n2", "assistant", PoolScale.bounds(2, 8)).orElseThrow()))
                .isEqualTo("Autoscaling keeps it between 2 and 8 agents (autoscaling turns on).");
        n2.setState("paused", "the test");
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> find(vm, "n2").stateProperty().get() == NodeState.PAUSED));
        assertThat(fx.call(() -> vm.scaleConsequence("n2", "assistant", new PoolScale(6, 3, 3)).orElseThrow()))
                .isEqualTo("The pool grows from 4 to 6 agents. Autoscaling is off: min = max = 3."
                        + " The node is paused: its agents take runs once it is resumed.");

        fx.run(() -> vm.scale("n2", "assistant", new PoolScale(6, 2, 32)));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.messageProperty().get().endsWith("requested")));
        assertThat(fx.call(() -> vm.messageProperty().get()))
                .isEqualTo("Pool assistant on node n2: size 6, autoscaling 2–32 requested");
        waitFor(10, TimeUnit.SECONDS, () -> {
            AgentPool.Snapshot p = n2.pool("assistant").snapshot();
            return p.size() == 6 && p.min() == 2 && p.max() == 32 && p.autoscale();
        });
        fx.run(() -> vm.select(find(vm, "n2")));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.pools().size() == 1 && vm.pools().getFirst().size() == 6));
        assertThat(fx.call(() -> vm.pools().getFirst())).extracting(PoolRow::minText, PoolRow::maxText, PoolRow::autoscaleText)
                .containsExactly("2", "32", "on");
    }

    @Test
    void aNodeTooOldForControlIsListedButCannotBeSteered() throws Exception {
        try (FakeGateway gateway = new FakeGateway().json("GET", "/v1/fleet", 200, ContractJson.firstSliceFleet());
             FleetSession s = session(gateway.url(), FakeGateway.KEY)) {
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
    void anOpenConfirmationStatesTheFactsOfEachMomentNotThoseOfWhenItOpened() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T16:20:05Z"));
        String fleet = ContractJson.fleet(java.util.Map.of("n1", "active", "n2", "active", "n3", "lost"));
        NodesViewModel vm = fx.call(() -> new NodesViewModel(background, clock));
        fx.run(() -> vm.onSignals(List.of(snapshot(fleet, clock))));
        Confirmation opened = fx.call(() -> vm.openConfirmation(NodeAction.PAUSE, "n1").orElseThrow());
        assertThat(opened.consequence()).contains("finishes the 3 runs it has in flight right now")
                .contains("the other active node runs them");
        assertThat(fx.call(() -> vm.openConsequenceProperty().get())).isEqualTo(opened.consequence());

        // the next snapshot: n1 finished its runs and n2 was paused meanwhile; the table says so, and so does the dialog
        String later = ContractJson.fleet(java.util.Map.of("n1", "active", "n2", "paused", "n3", "lost"))
                .replace("\"in_flight\": 3", "\"in_flight\": 0");
        fx.run(() -> vm.onSignals(List.of(snapshot(later, clock))));
        assertThat(fx.call(() -> find(vm, "n1").inFlightProperty().get())).isZero();
        assertThat(fx.call(() -> vm.openConsequenceProperty().get())).isEqualTo("It stops taking runs from the queue;"
                + " right now it has no runs in flight. Its gateway still accepts new runs, but no other node is active,"
                + " so they wait in the queue until a node is resumed. Resume undoes this.");

        fx.run(vm::closeConfirmation); // closed: later snapshots leave the last words alone
        fx.run(() -> vm.onSignals(List.of(snapshot(fleet, clock))));
        assertThat(fx.call(() -> vm.openConsequenceProperty().get())).contains("no runs in flight");
    }

    private static FleetSnapshot snapshot(String json, Clock clock) throws Exception {
        return new FleetSnapshot(Json.MAPPER.readValue(json, FleetInfo.class), clock.instant());
    }

    @Test
    void aNodeSteeredFromElsewhereShowsItsNewStateAndAStateEventFlipsItsRowAtOnce() throws Exception {
        NodesViewModel vm = shown(NodeState.ACTIVE);
        try (FleetClient other = new FleetClient(n1.baseUrl(), new ApiKey(TestNodes.KEY))) {
            other.nodes().pause("n2").get(10, TimeUnit.SECONDS); // another console, or curl
        }
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> find(vm, "n2").stateProperty().get() == NodeState.PAUSED));

        // the node.state event that came with it shows before the next snapshot does
        FleetEvent draining = Json.MAPPER.readValue("""
                {"type": "node.state", "time": "2026-11-27T16:21:00Z", "node": "n2", "state": "draining", "reason": "drained by an operator via n1"}""",
                FleetEvent.class);
        assertThat(fx.call(() -> {
            vm.onSignals(List.of(draining));
            return find(vm, "n2").stateProperty().get();
        })).isEqualTo(NodeState.DRAINING);
    }

    @Test
    void theConfirmationsSayWhatWillHappen() {
        NodeAction.NodeFacts n2 = new NodeAction.NodeFacts("n2", NodeState.ACTIVE, 1, false, 2);
        assertThat(NodeAction.PAUSE.confirmation(n2).consequence()).isEqualTo("It stops taking runs from the queue and finishes"
                + " the 1 run it has in flight right now. Its gateway still accepts new runs; the 2 other active nodes run them."
                + " Resume undoes this.");
        assertThat(NodeAction.DRAIN.confirmation(n2).consequence()).isEqualTo("It takes nothing new and finishes the 1 run it has"
                + " in flight right now. Its gateway refuses new runs (503 draining) and reports itself unready, so a load balancer"
                + " sends traffic to the 2 other active nodes. Resume undoes this.");
        assertThat(NodeAction.RESUME.confirmation(new NodeAction.NodeFacts("n2", NodeState.DRAINING, 0, false, 1)).consequence())
                .isEqualTo("It takes runs from the queue again and its gateway accepts new runs again.");
        assertThat(NodeAction.PAUSE.confirmation(new NodeAction.NodeFacts("n2", NodeState.ACTIVE, null, false, 1)).consequence())
                .startsWith("It stops taking runs from the queue and finishes the runs it has in flight.");
        assertThat(NodeAction.RESUME.allowedIn(NodeState.ACTIVE)).isFalse();
        assertThat(NodeAction.SCALE.allowedIn(NodeState.DRAINING)).isFalse();
        for (NodeAction a : NodeAction.values()) assertThat(a.allowedIn(NodeState.LOST)).as(a.name()).isFalse();
    }

    /** Runs in flight 0, 1, n against other active nodes 0, 1, n: each pair reads as one consistent set of facts. */
    @ParameterizedTest(name = "in flight {0}, other active nodes {1}")
    @CsvSource({
            "0, 0, '; right now it has no runs in flight.', ', but no other node is active, so they wait in the queue until a node is resumed.', '. No other node is active, so runs wait in the queue until a node is resumed.'",
            "0, 1, '; right now it has no runs in flight.', '; the other active node runs them.', ', so a load balancer sends traffic to the other active node.'",
            "0, 3, '; right now it has no runs in flight.', '; the 3 other active nodes run them.', ', so a load balancer sends traffic to the 3 other active nodes.'",
            "1, 0, ' and finishes the 1 run it has in flight right now.', ', but no other node is active, so they wait in the queue until a node is resumed.', '. No other node is active, so runs wait in the queue until a node is resumed.'",
            "1, 1, ' and finishes the 1 run it has in flight right now.', '; the other active node runs them.', ', so a load balancer sends traffic to the other active node.'",
            "1, 3, ' and finishes the 1 run it has in flight right now.', '; the 3 other active nodes run them.', ', so a load balancer sends traffic to the 3 other active nodes.'",
            "4, 0, ' and finishes the 4 runs it has in flight right now.', ', but no other node is active, so they wait in the queue until a node is resumed.', '. No other node is active, so runs wait in the queue until a node is resumed.'",
            "4, 1, ' and finishes the 4 runs it has in flight right now.', '; the other active node runs them.', ', so a load balancer sends traffic to the other active node.'",
            "4, 3, ' and finishes the 4 runs it has in flight right now.', '; the 3 other active nodes run them.', ', so a load balancer sends traffic to the 3 other active nodes.'"})
    void pauseAndDrainStateTheRunsInFlightAndWhoTakesOverWithoutContradiction(int inFlight, int others, String runs,
                                                                              String pauseTakers, String drainTakers) {
        NodeAction.NodeFacts facts = new NodeAction.NodeFacts("n2", NodeState.ACTIVE, inFlight, false, others);
        String pause = NodeAction.PAUSE.confirmation(facts).consequence();
        String drain = NodeAction.DRAIN.confirmation(facts).consequence();
        assertThat(pause).isEqualTo("It stops taking runs from the queue" + runs + " Its gateway still accepts new runs" + pauseTakers
                + " Resume undoes this.");
        assertThat(drain).isEqualTo("It takes nothing new" + runs + " Its gateway refuses new runs (503 draining) and reports itself unready"
                + drainTakers + " Resume undoes this.");
        for (String words : List.of(pause, drain)) {
            assertThat(words.toLowerCase(Locale.ROOT).contains("no other node is active")).as(words).isEqualTo(others == 0);
            assertThat(words.contains("other active node")).as(words).isEqualTo(others > 0);
            assertThat(words.contains("no runs in flight")).as(words).isEqualTo(inFlight == 0);
        }
    }
}
