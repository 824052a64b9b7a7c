package dev.flotilla.console.feature.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.ContractJson;
import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.FakeGateway;
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
     * The runtime does not write timelines yet, so the node is a {@link FakeGateway}: replace with
     * the local fleet once the runtime serves run timelines.
     */
    @Test
    void theSelectedRunsTimelineComesFromItsJsonAndFollowsItsResilienceEvents() throws Exception {
        try (FakeGateway gateway = new FakeGateway()) {
            gateway.json("GET", "/v1/fleet", 200, ContractJson.fleet());
            gateway.json("GET", "/v1/runs", 200, "{\"runs\": [" + ContractJson.runWithTimeline("run_t") + "]}");
            gateway.json("GET", "/v1/runs/run_t", 200, ContractJson.runWithTimeline("run_t"));
            FleetTarget t = new FleetTarget(new FleetDescriptor("f", "Fake", gateway.url(), FleetKind.REMOTE), new ApiKey(FakeGateway.KEY));
            try (FleetSession session = new FleetSession(t, scheduler, fx, Clock.systemUTC()).start()) {
                RunsViewModel vm = fx.call(() -> new RunsViewModel(background, Clock.systemUTC()));
                fx.run(() -> vm.setSession(session));
                waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.rows().size() == 1));
                fx.run(() -> vm.select("run_t"));
                waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.detailTimelineProperty().get().size() == 10));
                assertThat(fx.call(() -> vm.detailTimelineProperty().get())).extracting(TimelineSteps.Step::kind)
                        .containsExactly("queued", "started", "attempt", "retry", "wait", "breaker_open", "fallback", "attempt",
                                "succeeded", "teleported");

                // a retry of the selected run adds to its timeline: the detail is fetched again
                waitFor(10, TimeUnit.SECONDS, () -> gateway.openStreams() == 1);
                int fetched = gateway.requests("GET", "/v1/runs/run_t").size();
                gateway.emit("model.retried", "{\"type\": \"model.retried\", \"time\": \"2026-11-27T16:19:01Z\", \"node\": \"n1\","
                        + " \"run_id\": \"run_t\", \"provider\": \"openai\", \"model\": \"gpt-4o\", \"attempt\": 1, \"wait_ms\": 100}");
                waitFor(10, TimeUnit.SECONDS, () -> gateway.requests("GET", "/v1/runs/run_t").size() > fetched);
                // and it is no run state: the row keeps its status
                assertThat(fx.call(() -> vm.rows().getFirst().statusProperty().get())).isEqualTo(RunStatus.SUCCEEDED);
            }
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
}
