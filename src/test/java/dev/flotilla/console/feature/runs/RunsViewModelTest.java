package dev.flotilla.console.feature.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.PoisonTool;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.ConnectionState;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.RunStatus;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.runtime.FleetRuntime;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    /**
     * A real node whose primary model is down: the run is retried, falls back and succeeds, and the
     * detail of the selected run shows each step once the run has ended (a node writes a run's
     * attempts with its outcome).
     */
    @Test
    void theSelectedRunsTimelineShowsEachAttemptRetryAndTheFallbackThatAnswered() throws Exception {
        try (FleetRuntime node = TestNodes.troubled("runs-vm", new PoisonTool()).build().start();
             FleetSession session = new FleetSession(new FleetTarget(new FleetDescriptor("f", "Fleet", node.baseUrl(), FleetKind.REMOTE),
                     new ApiKey(TestNodes.KEY)), scheduler, fx, Clock.systemUTC()).start()) {
            RunsViewModel vm = fx.call(() -> new RunsViewModel(background, Clock.systemUTC()));
            fx.run(() -> vm.setSession(session));
            String id = session.client().runs().submit("assistant", TestNodes.PRIMARY_FAILS + "hello", null).get(10, TimeUnit.SECONDS).runId();
            fx.run(() -> vm.trackSubmitted(id, "assistant", TestNodes.PRIMARY_FAILS + "hello", RunStatus.QUEUED));
            fx.run(() -> vm.select(id));

            // the breaker needs 4 failed calls to open, and this run makes 2: retried once, then the fallback
            try {
                waitFor(20, TimeUnit.SECONDS, () -> fx.call(() -> vm.detailTimelineProperty().get().size() == 9));
            } catch (java.util.concurrent.TimeoutException e) {
                // say what the timeline held instead
                assertThat(fx.call(() -> vm.detailTimelineProperty().get())).extracting(TimelineSteps.Step::kind).hasSize(9);
            }
            assertThat(fx.call(() -> vm.detailTimelineProperty().get())).extracting(TimelineSteps.Step::kind)
                    .containsExactly("queued", "started", "attempt", "retry", "attempt", "fallback", "attempt", "cost", "succeeded");
            assertThat(fx.call(() -> vm.detailTimelineProperty().get().get(5).title())).isEqualTo("Fell back to simulated/fallback");
            assertThat(fx.call(() -> vm.detailFactsProperty().get())).extracting(RunFacts.Fact::name, RunFacts.Fact::value)
                    .contains(org.assertj.core.groups.Tuple.tuple("Model", "simulated/fallback"),
                            org.assertj.core.groups.Tuple.tuple("Fallback", "simulated/primary: model_server_error after 2 attempts"),
                            org.assertj.core.groups.Tuple.tuple("Attempts", "3 (1 retry, 1 fallback)"));
            assertThat(fx.call(() -> vm.rows().getFirst().statusProperty().get())).isEqualTo(RunStatus.SUCCEEDED);
        }
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

    static dev.flotilla.console.fleet.FleetEvent delta(String runId, int offset, String text) {
        return new dev.flotilla.console.fleet.FleetEvent("run.delta", java.time.Instant.now(), "n1", runId, "assistant", null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                offset, text);
    }

    @Test
    void theSelectedRunsStreamedAnswerGrowsAndARetryStartsItAgain() throws Exception {
        RunsViewModel vm = fx.call(() -> new RunsViewModel(background, Clock.systemUTC()));
        FleetTarget nowhere = new FleetTarget(new FleetDescriptor("r", "Nowhere", "http://127.0.0.1:9", FleetKind.REMOTE), new ApiKey("k"));
        try (FleetSession session = new FleetSession(nowhere, scheduler, fx, Clock.systemUTC())) {
            fx.run(() -> vm.setSession(session));
            fx.run(() -> vm.trackSubmitted("run_1", "assistant", "hello", RunStatus.RUNNING));

            fx.run(() -> vm.onSignals(List.of(delta("run_1", 0, "Hel"), delta("run_other", 0, "not mine"), delta("run_1", 3, "lo, wor"))));
            assertThat(fx.call(() -> vm.streamingOutputProperty().get())).isEqualTo("Hello, wor");
            assertThat(fx.call(() -> vm.rows().getFirst().statusProperty().get())).isEqualTo(RunStatus.RUNNING); // a delta is no state

            fx.run(() -> vm.onSignals(List.of(delta("run_1", 0, "Once more"))));
            assertThat(fx.call(() -> vm.streamingOutputProperty().get())).isEqualTo("Once more");

            fx.run(() -> vm.select(null));
            assertThat(fx.call(() -> vm.streamingOutputProperty().get())).isEmpty();
        }
    }
}
