package dev.flotilla.console.feature.keys;

import dev.flotilla.console.fleet.KeyInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.api.KeysApi;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.runtime.FleetRuntime;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Keys page's state without a window, on a real node: an admin manages keys; a viewer is told it is read-only. */
class KeysViewModelTest {

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private FleetRuntime node;

    @BeforeEach
    void fleet() {
        node = TestNodes.start("keys-node");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
        node.close();
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    private KeysViewModel shown(String key) throws Exception {
        KeysViewModel vm = fx.call(() -> new KeysViewModel(background, Clock.systemUTC()));
        FleetTarget t = new FleetTarget(new FleetDescriptor("f", "Fleet", node.baseUrl(), FleetKind.REMOTE), new ApiKey(key));
        FleetSession s = new FleetSession(t, scheduler, fx, Clock.systemUTC()).start();
        opened.add(s);
        fx.run(() -> vm.setSession(s));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.meProperty().get() != null));
        return vm;
    }

    @Test
    void anAdminCreatesAKeySeesItsSecretOnceThenRotatesAndRevokesIt() throws Exception {
        KeysViewModel vm = shown(TestNodes.KEY);
        assertThat(fx.call(() -> vm.roleTextProperty().get())).isEqualTo("This console uses the key 'admin': admin");
        assertThat(fx.call(() -> vm.canCreateBinding().get())).isTrue();
        assertThat(fx.call(() -> vm.problem(" ", "viewer", "user", "", ""))).isPresent();
        assertThat(fx.call(() -> vm.problem("x", "root", "user", "", ""))).isPresent();
        assertThat(fx.call(() -> vm.problem("x", "viewer", "user", "", "soon"))).isPresent();

        fx.run(() -> vm.create("grafana", "viewer", "user", "support", "30"));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.issuedProperty().get() != null && vm.keys().size() == 1));
        KeyInfo issued = fx.call(() -> vm.issuedProperty().get());
        assertThat(issued.key()).startsWith("flt_");
        assertThat(issued.toolRoles()).containsExactly("user", "support");
        assertThat(issued.expiresAt()).isNotNull();
        fx.run(vm::secretShown);
        assertThat(fx.call(() -> vm.issuedProperty().get())).as("the console forgets the secret once shown").isNull();
        assertThat(fx.call(() -> vm.keys().getFirst().key())).as("the list never holds a secret").isNull();

        // the new key works, read-only
        KeysViewModel asViewer = shown(issued.key());
        assertThat(fx.call(() -> asViewer.roleTextProperty().get())).isEqualTo("This console uses the key 'grafana': read-only");
        assertThat(fx.call(() -> asViewer.canCreateBinding().get())).isFalse();
        assertThat(fx.call(() -> asViewer.emptyTextProperty().get())).isEqualTo(KeysViewModel.NOT_ADMIN);

        String id = issued.id();
        fx.run(() -> vm.select(id));
        assertThat(fx.call(() -> vm.rotateConfirmation(id).orElseThrow().consequence())).contains("stops working on every node");
        fx.run(() -> vm.rotate(id));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.issuedProperty().get() != null));
        assertThat(fx.call(() -> vm.issuedProperty().get().key())).isNotEqualTo(issued.key());
        fx.run(vm::secretShown);

        assertThat(fx.call(() -> vm.revokeConfirmation(id).orElseThrow().consequence())).endsWith("This cannot be undone.");
        fx.run(() -> vm.revoke(id));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> "revoked".equals(vm.keys().getFirst().state())));
        assertThat(fx.call(() -> vm.messageProperty().get())).isEqualTo("Key grafana revoked");
        assertThat(fx.call(() -> vm.canActBinding().get())).as("a revoked key cannot be rotated or revoked again").isFalse();
    }
}
