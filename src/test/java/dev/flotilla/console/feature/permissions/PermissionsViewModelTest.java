package dev.flotilla.console.feature.permissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.Await;
import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.ToolPolicyVersion;
import dev.flotilla.console.fleet.api.FleetClient;
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

/** The permissions page's state without a window, on a real node: edit, undo, dry-run, publish, roll back. */
class PermissionsViewModelTest {

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private FleetRuntime node;
    private FleetClient client;

    @BeforeEach
    void fleet() {
        node = TestNodes.start("perm-node");
        client = new FleetClient(node.baseUrl(), new ApiKey(TestNodes.KEY));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
        client.close();
        node.close();
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    private PermissionsViewModel shown() throws Exception {
        PermissionsViewModel vm = fx.call(() -> new PermissionsViewModel(background));
        FleetTarget t = new FleetTarget(new FleetDescriptor("f", "Fleet", node.baseUrl(), FleetKind.REMOTE), new ApiKey(TestNodes.KEY));
        FleetSession s = new FleetSession(t, scheduler, fx, Clock.systemUTC()).start();
        opened.add(s);
        fx.run(() -> vm.setSession(s));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.draftProperty().get() != null));
        return vm;
    }

    @Test
    void theDefaultsShowAsAMatrixAndEditsAreUndoableUntilPublished() throws Exception {
        PermissionsViewModel vm = shown();
        assertThat(fx.call(() -> List.copyOf(vm.roles()))).containsExactly("user", "admin", "superadmin");
        assertThat(fx.call(() -> List.copyOf(vm.tools()))).containsExactly("*", "clock", "execute_command", "word_count", "write_file");
        assertThat(fx.call(() -> vm.draftProperty().get().kind("clock", "user"))).isEqualTo(CellKind.ALLOW);
        assertThat(fx.call(() -> vm.draftProperty().get().summary("clock", "superadmin"))).isEqualTo("deny here · allow via *");
        assertThat(fx.call(() -> vm.statusProperty().get())).startsWith("Version 0 in force");

        fx.run(() -> vm.cycle("word_count", "user")); // allow → needs approval
        fx.run(() -> vm.cycle("word_count", "user")); // → deny
        fx.run(() -> vm.setConstraint("clock", "user", "tz", new ConstraintDraft("UTC", "", "")));
        fx.run(() -> vm.setConstraint("clock", "user", "tz", new ConstraintDraft("UTC, CET", "", ""))); // same field: one step
        assertThat(fx.call(() -> List.copyOf(vm.changes()))).containsExactly(
                "user · clock: allow → tz ∈ {UTC, CET}", "user · word_count: allow → deny");
        assertThat(fx.call(() -> vm.dirtyProperty().get())).isTrue();

        fx.run(vm::undo);
        assertThat(fx.call(() -> List.copyOf(vm.changes()))).containsExactly("user · word_count: allow → deny");
        fx.run(vm::redo);
        fx.run(() -> vm.setConstraint("clock", "user", "n", new ConstraintDraft("", "([", "")));
        assertThat(fx.call(() -> List.copyOf(vm.problems()))).singleElement().asString().contains("not a valid regular expression");
        assertThat(fx.call(() -> vm.canDryRunBinding().get())).isFalse();
        fx.run(vm::undo);
        assertThat(fx.call(() -> vm.problems().isEmpty())).isTrue();
        assertThat(fx.call(() -> vm.addRole("Bad Role"))).isFalse();
        assertThat(fx.call(() -> vm.messageProperty().get())).contains("is not a tool role name");
    }

    @Test
    void aDryRunSaysWhatTheDraftWouldRefuseAndPublishingMakesItTheVersionInForce() throws Exception {
        for (int i = 0; i < 3; i++) Await.run(client, "assistant", "count my words [tool:word_count]");
        PermissionsViewModel vm = shown();
        fx.run(() -> vm.setKind("word_count", "superadmin", CellKind.DENY)); // no change: superadmin has it via *
        assertThat(fx.call(() -> vm.dirtyProperty().get())).isFalse();
        fx.run(() -> vm.setKind("word_count", "superadmin", CellKind.APPROVAL));
        fx.run(vm::dryRun);
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.dryRunTextProperty().get().startsWith("This change")));
        assertThat(fx.call(() -> vm.dryRunTextProperty().get())).isEqualTo("This change would have refused 0 and allowed 0 of the last"
                + " 3 calls (3 runs); 3 more would change whether they need approval.");
        fx.run(() -> vm.setKind("word_count", "superadmin", CellKind.ALLOW)); // a grant by name, with no constraint
        fx.run(() -> vm.setConstraint("word_count", "superadmin", "n", new ConstraintDraft("", "", "5")));
        assertThat(fx.call(() -> vm.canPublishBinding().get())).isFalse(); // no comment yet
        fx.run(() -> vm.commentProperty().set("cap word counts"));
        fx.run(vm::publish);
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.baseProperty().get() != null && vm.baseProperty().get().version() == 1));
        assertThat(fx.call(() -> vm.dirtyProperty().get())).isFalse();
        assertThat(fx.call(() -> vm.canUndoProperty().get())).isFalse(); // published: no longer undoable
        assertThat(client.toolPolicy().current().get(5, TimeUnit.SECONDS).policy().path("roles").path("superadmin")
                .path("word_count").path("constraints").path("n").path("max").asInt()).isEqualTo(5);
        assertThat(fx.call(() -> vm.versions().stream().map(ToolPolicyVersion::version).toList())).containsExactly(1L, 0L);

        ToolPolicyVersion defaults = fx.call(() -> vm.versions().getLast());
        assertThat(fx.call(() -> vm.rollbackConfirmation(defaults).question())).isEqualTo("Roll back to version 0?");
        fx.run(() -> vm.rollback(defaults));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.baseProperty().get().version() == 2));
        assertThat(fx.call(() -> vm.draftProperty().get().grant("word_count", "superadmin"))).isNull();
        assertThat(fx.call(() -> vm.statusProperty().get())).isEqualTo("Version 2 in force, published by admin: rollback to v0");
    }
}
