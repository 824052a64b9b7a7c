package dev.flotilla.console.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.feature.deadletters.DeadLettersViewModel;
import dev.flotilla.console.feature.nodes.NodesViewModel;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.kernel.OperatorRole;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every page learns the role of the console's key for its fleet; a viewer's key disables what changes the fleet. */
class KeyRoleTest {

    static final String VIEWER_KEY = "console-viewer-key-0123456789";

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private FleetRuntime node;

    @BeforeEach
    void fleet() {
        node = TestNodes.fast("role-node", TestNodes.KEY).apiKey(VIEWER_KEY, "wallboard", OperatorRole.VIEWER).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
        node.close();
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    private FleetSession session(String key) {
        FleetTarget t = new FleetTarget(new FleetDescriptor("f", "Fleet", node.baseUrl(), FleetKind.REMOTE), new ApiKey(key));
        FleetSession s = new FleetSession(t, scheduler, fx, Clock.systemUTC()).start();
        opened.add(s);
        return s;
    }

    @Test
    void aViewersKeyMakesPagesReadOnlyAndAnOperatorsDoesNot() throws Exception {
        NodesViewModel nodes = fx.call(() -> new NodesViewModel(background, Clock.systemUTC()));
        DeadLettersViewModel letters = fx.call(() -> new DeadLettersViewModel(background));
        FleetSession asViewer = session(VIEWER_KEY);
        fx.run(() -> {
            nodes.setSession(asViewer);
            letters.setSession(asViewer);
        });
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> nodes.keyRoleProperty().get() != null && letters.keyRoleProperty().get() != null));
        assertThat(fx.call(() -> nodes.keyRoleProperty().get().keyName())).isEqualTo("wallboard");
        assertThat(fx.call(() -> nodes.mayOperateBinding().get())).isFalse();
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> !nodes.rows().isEmpty()));
        fx.run(() -> nodes.select(nodes.rows().getFirst()));
        assertThat(fx.call(() -> nodes.canPauseProperty().get())).as("a viewer may not pause a node").isFalse();

        FleetSession asAdmin = session(TestNodes.KEY);
        fx.run(() -> nodes.setSession(asAdmin));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> nodes.keyRoleProperty().get() != null));
        assertThat(fx.call(() -> nodes.mayOperateBinding().get())).isTrue();
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> {
            if (!nodes.rows().isEmpty()) nodes.select(nodes.rows().getFirst());
            return nodes.canPauseProperty().get();
        }));
    }
}
