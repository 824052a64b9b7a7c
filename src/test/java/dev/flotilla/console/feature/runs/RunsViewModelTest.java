package dev.flotilla.console.feature.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.ConnectionState;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.RunStatus;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runs page's state, without a window. */
class RunsViewModelTest {

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);

    @AfterEach
    void stop() {
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    @Test
    void theEmptyTableSaysWhyItIsEmpty() throws Exception {
        RunsViewModel vm = fx.call(() -> new RunsViewModel(background, Clock.systemUTC()));
        assertThat(fx.call(() -> vm.emptyTextBinding().get())).isEqualTo(RunsViewModel.NO_FLEET);

        // never started, so it never connects: the page only needs a fleet to belong to
        FleetTarget nowhere = new FleetTarget(new FleetDescriptor("r", "Nowhere", "http://127.0.0.1:9", FleetKind.REMOTE), new ApiKey("k"));
        try (FleetSession session = new FleetSession(nowhere, scheduler, fx, Clock.systemUTC())) {
            fx.run(() -> vm.setSession(session));
            assertThat(fx.call(() -> vm.emptyTextBinding().get())).isEqualTo(RunsViewModel.CONNECTING);
            fx.run(() -> vm.onSignals(List.of(ConnectionState.CONNECTED)));
            assertThat(fx.call(() -> vm.emptyTextBinding().get())).isEqualTo("No runs yet — submit one below");
            fx.run(() -> vm.onSignals(List.of(new ConnectionState.Reconnecting("connection refused"))));
            assertThat(fx.call(() -> vm.emptyTextBinding().get())).isEqualTo(RunsViewModel.UNREACHABLE);

            fx.run(() -> {
                vm.trackSubmitted("run_1", "assistant", "hello", RunStatus.QUEUED);
                vm.filterProperty().set(RunFilter.FAILED);
            });
            assertThat(fx.call(() -> vm.visibleRows().isEmpty())).isTrue();
            assertThat(fx.call(() -> vm.emptyTextBinding().get())).isEqualTo(RunsViewModel.NO_MATCH);
        }
    }
}
