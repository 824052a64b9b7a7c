package dev.flotilla.console.feature.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

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
import dev.flotilla.runtime.audit.AuditChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Audit page's state without a window, on a real node whose operators did things. */
class AuditViewModelTest {

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private FleetRuntime node;
    private FleetClient client;

    @TempDir
    Path dir;

    @BeforeEach
    void fleet() throws Exception {
        node = TestNodes.start("audit-node");
        client = new FleetClient(node.baseUrl(), new ApiKey(TestNodes.KEY));
        client.fleet().setDemo(true).get(10, TimeUnit.SECONDS);
        client.fleet().setDemo(false).get(10, TimeUnit.SECONDS);
        client.nodes().pause("audit-node").get(10, TimeUnit.SECONDS);
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

    private AuditViewModel shown() throws Exception {
        AuditViewModel vm = fx.call(() -> new AuditViewModel(background));
        FleetTarget t = new FleetTarget(new FleetDescriptor("f", "Fleet", node.baseUrl(), FleetKind.REMOTE), new ApiKey(TestNodes.KEY));
        FleetSession s = new FleetSession(t, scheduler, fx, Clock.systemUTC()).start();
        opened.add(s);
        fx.run(() -> vm.setSession(s));
        return vm;
    }

    @Test
    void showsTheEntriesNewestFirstFiltersThemAndTheChainsState() throws Exception {
        AuditViewModel vm = shown();
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> {
            if (vm.entries().size() < 3) vm.reload();
            return vm.entries().size() == 3;
        }));
        assertThat(fx.call(() -> vm.entries().stream().map(e -> e.action()).toList())).containsExactly("node.pause", "demo.off", "demo.on");
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.chainProperty().get().startsWith("Chain intact")));
        assertThat(fx.call(() -> vm.chainProperty().get())).isEqualTo("Chain intact: verified through #3");

        fx.run(() -> {
            vm.actionProperty().set("demo.*");
            vm.reload();
        });
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.entries().size() == 2));
        fx.run(() -> {
            vm.actorProperty().set("nobody");
            vm.reload();
        });
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.entries().isEmpty()));
        assertThat(fx.call(() -> vm.emptyTextProperty().get())).isEqualTo(AuditViewModel.NO_MATCH);
        fx.run(() -> vm.fromDayProperty().set("last week"));
        assertThat(fx.call(vm::filterProblem)).contains("Dates are written 2026-12-31");
    }

    @Test
    void exportsTheWholeLogToAFileThatVerifies() throws Exception {
        AuditViewModel vm = shown();
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> {
            if (vm.entries().size() < 3) vm.reload();
            return vm.entries().size() == 3;
        }));
        Path file = dir.resolve("audit.jsonl");
        fx.run(() -> vm.export(file));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> !vm.exportingProperty().get()));
        assertThat(fx.call(() -> vm.messageProperty().get())).startsWith("Exported 3 entries to");
        assertThat(fx.call(() -> vm.exportProgressProperty().get())).isEqualTo(1.0);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(AuditChain.verify(lines.iterator()).ok()).isTrue();
    }
}
