package dev.flotilla.console.feature.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.ConnectionState;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.ScaledPool;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.runtime.FleetRuntime;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agents page's state without a window, against a real fleet of two nodes sharing one Redis:
 * the console talks to node-b, and node-a is the other node of the fleet.
 */
class AgentsViewModelTest {

    private static FleetRuntime nodeA;
    private static FleetRuntime nodeB;
    private static FleetClient clientA;
    private static FleetClient clientB;

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);

    @BeforeAll
    static void startFleet() {
        nodeA = TestNodes.start("node-a");
        nodeB = TestNodes.fast("node-b", TestNodes.KEY).redisUrl(nodeA.redisUrl()).build().start();
        clientA = new FleetClient(nodeA.baseUrl(), new ApiKey(TestNodes.KEY));
        clientB = new FleetClient(nodeB.baseUrl(), new ApiKey(TestNodes.KEY));
    }

    @AfterAll
    static void stopFleet() {
        clientA.close();
        clientB.close();
        nodeB.close();
        nodeA.close();
    }

    @AfterEach
    void stop() {
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    private FleetSession sessionToNodeB() {
        FleetTarget b = new FleetTarget(new FleetDescriptor("two", "Two nodes", nodeB.baseUrl(), FleetKind.REMOTE), new ApiKey(TestNodes.KEY));
        return new FleetSession(b, scheduler, fx, Clock.systemUTC()).start();
    }

    @Test
    void onAFleetOfTwoNodesThePageNamesTheNodeItScalesAndShowsThatNodesPool() throws Exception {
        clientA.fleet().scale("assistant", 2).get(10, TimeUnit.SECONDS);
        try (FleetSession session = sessionToNodeB()) {
            AgentsViewModel vm = fx.call(() -> new AgentsViewModel(background));
            fx.run(() -> vm.setSession(session));
            waitFor(15, TimeUnit.SECONDS, () -> fx.call(() -> "node-b".equals(vm.servingNodeProperty().get())
                    && vm.rows().stream().map(AgentRow::node).distinct().count() == 2));
            assertThat(fx.call(() -> vm.scaleTargetProperty().get()))
                    .isEqualTo("on node node-b (1 of 2 nodes; the others keep their size)");
            assertThat(fx.call(() -> vm.currentSizeProperty().get())).isEqualTo(4); // node-b's pool, not node-a's 2

            fx.run(() -> {
                vm.setDesiredSize(6);
                vm.applyScale();
            });
            waitFor(10, TimeUnit.SECONDS, () -> fx.call(
                    () -> vm.messageProperty().get().startsWith("Pool assistant on node node-b now has 6 agents")));
            FleetInfo fleet = clientA.fleet().get().get(10, TimeUnit.SECONDS);
            assertThat(fleet.node("node-b").flatMap(n -> n.pool("assistant")).orElseThrow().size()).isEqualTo(6);
            assertThat(fleet.node("node-a").flatMap(n -> n.pool("assistant")).orElseThrow().size()).isEqualTo(2);
            assertThat(fx.call(() -> vm.currentSizeProperty().get())).isEqualTo(6);
        } finally {
            clientA.fleet().scale("assistant", 4).get(10, TimeUnit.SECONDS);
            clientB.fleet().scale("assistant", 4).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSelectedAgentsModelsToolsAndPromptAreShown() throws Exception {
        try (FleetSession session = sessionToNodeB()) {
            AgentsViewModel vm = fx.call(() -> new AgentsViewModel(background));
            fx.run(() -> vm.setSession(session));
            waitFor(15, TimeUnit.SECONDS, () -> fx.call(() -> !vm.definitionProperty().get().isEmpty()));
            assertThat(fx.call(() -> vm.definitionProperty().get()))
                    .isEqualTo("Models: simulated/primary → simulated/fallback   Tools: clock, word_count");
            assertThat(fx.call(() -> vm.promptProperty().get())).isNotBlank();
            fx.run(() -> vm.setSession(null));
            assertThat(fx.call(() -> vm.definitionProperty().get())).isEmpty();
        }
    }

    @Test
    void switchingFleetsWhileAScaleIsOutLeavesTheControlsUsable() throws Exception {
        try (FleetSession session = sessionToNodeB()) {
            AgentsViewModel vm = fx.call(() -> new AgentsViewModel(background));
            fx.run(() -> vm.setSession(session));
            waitFor(15, TimeUnit.SECONDS, () -> fx.call(() -> vm.canScaleProperty().get()));
            boolean applyingAfterSwitch = fx.call(() -> {
                vm.applyScale();
                assertThat(vm.applyingProperty().get()).isTrue();
                vm.setSession(null);
                return vm.applyingProperty().get();
            });
            assertThat(applyingAfterSwitch).isFalse();
        }
    }

    @Test
    void theEmptyTableSaysWhyItIsEmpty() throws Exception {
        AgentsViewModel vm = fx.call(() -> new AgentsViewModel(background));
        assertThat(fx.call(() -> vm.emptyTextBinding().get())).isEqualTo(AgentsViewModel.NO_FLEET);
        fx.run(() -> vm.setConnection(ConnectionState.CONNECTING));
        assertThat(fx.call(() -> vm.emptyTextBinding().get())).isEqualTo(AgentsViewModel.CONNECTING);
        fx.run(() -> vm.setConnection(ConnectionState.CONNECTED));
        assertThat(fx.call(() -> vm.emptyTextBinding().get())).isEqualTo("No agents: the fleet has not reported its nodes yet");
        fx.run(() -> vm.setConnection(new ConnectionState.Reconnecting("connection refused")));
        assertThat(fx.call(() -> vm.emptyTextBinding().get())).isEqualTo("Can't reach this fleet: connection refused");
        fx.run(() -> vm.setConnection(new ConnectionState.Failed("the API key was refused (401)")));
        assertThat(fx.call(() -> vm.emptyTextBinding().get())).isEqualTo("Can't reach this fleet: the API key was refused (401)");
        fx.run(() -> vm.setConnection(null));
        assertThat(fx.call(() -> vm.emptyTextBinding().get())).isEqualTo(AgentsViewModel.NO_FLEET);
    }

    @Test
    void aScaleTakenByAnotherNodeThanTheOneShownSaysSo() {
        FleetInfo.Pool six = new FleetInfo.Pool("assistant", 6, 0, 6, List.of());
        assertThat(AgentsViewModel.scaledMessage("assistant", new ScaledPool("node-c", six), 4, "node-b"))
                .isEqualTo("Pool assistant on node node-c now has 6 agents (not node-b: another node of this fleet took the request)");
        assertThat(AgentsViewModel.scaledMessage("assistant", new ScaledPool("node-b", six), 8, "node-b"))
                .isEqualTo("Pool assistant on node node-b now has 6 agents; busy agents retire when their run ends");
    }
}
