package dev.flotilla.console.feature.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.Await;
import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.runtime.FleetRuntime;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The agents page says what each agent spent today, from the fleet's spend ledger. */
class AgentsSpendTodayTest {

    @Test
    void eachAgentsSpendTodayIsShown() throws Exception {
        FakeFxThread fx = new FakeFxThread();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        BackgroundExecutor background = new BackgroundExecutor(fx);
        try (FleetRuntime node = TestNodes.start("spend-node");
             FleetClient client = new FleetClient(node.baseUrl(), new ApiKey(TestNodes.KEY));
             FleetSession session = new FleetSession(new FleetTarget(new FleetDescriptor("f", "Fleet", node.baseUrl(), FleetKind.REMOTE),
                     new ApiKey(TestNodes.KEY)), scheduler, fx, Clock.systemUTC()).start()) {
            Await.run(client, "assistant", "something to pay for");
            AgentsViewModel vm = fx.call(() -> new AgentsViewModel(background));
            fx.run(() -> vm.setSession(session));
            waitFor(15, TimeUnit.SECONDS, () -> fx.call(() -> vm.spendTodayProperty().get().startsWith("Spend today: assistant $")));
            assertThat(fx.call(() -> vm.spendTodayProperty().get())).matches("Spend today: assistant \\$0\\.\\d{4}");
        } finally {
            background.close();
            scheduler.shutdownNow();
            fx.close();
        }
    }
}
