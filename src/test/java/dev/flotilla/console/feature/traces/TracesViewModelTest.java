package dev.flotilla.console.feature.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.Await;
import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.console.fleet.TraceInfo.Span;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.runtime.FleetRuntime;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The traces page's state without a window, on a real node: runs found by filter, one run's waterfall, a span's facts. */
class TracesViewModelTest {

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private FleetRuntime node;
    private FleetClient client;
    private FleetSession session;

    @BeforeEach
    void fleet() {
        node = TestNodes.start("traces-node");
        client = new FleetClient(node.baseUrl(), new ApiKey(TestNodes.KEY));
        FleetTarget t = new FleetTarget(new FleetDescriptor("f", "Fleet", node.baseUrl(), FleetKind.REMOTE), new ApiKey(TestNodes.KEY));
        session = new FleetSession(t, scheduler, fx, Clock.systemUTC()).start();
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        client.close();
        node.close();
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    @Test
    void aRunsTraceOpensAsAWaterfallWithItsModelCallsAndTheFallbackAsAnEvent() throws Exception {
        RunInfo failedOver = Await.run(client, "assistant", TestNodes.PRIMARY_FAILS + "what does the clock say");
        RunInfo plain = Await.run(client, "assistant", "hello there");
        TracesViewModel vm = fx.call(() -> new TracesViewModel(background));
        fx.run(() -> vm.setSession(session));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.runs().size() == 2));

        // finding runs: by words of the model that answered, and errors only
        fx.run(() -> vm.filterProperty().set("fallback"));
        assertThat(fx.call(() -> vm.runs().stream().map(RunInfo::id).toList())).containsExactly(failedOver.id());
        fx.run(() -> vm.filterProperty().set("no-such-words"));
        assertThat(fx.call(() -> vm.runs().isEmpty())).isTrue();
        assertThat(fx.call(() -> vm.emptyTextProperty().get())).isEqualTo(TracesViewModel.NO_MATCH);
        fx.run(() -> vm.filterProperty().set(""));
        fx.run(() -> vm.errorsOnlyProperty().set(true));
        assertThat(fx.call(() -> vm.runs().isEmpty())).isTrue();
        fx.run(() -> vm.errorsOnlyProperty().set(false));

        fx.run(() -> vm.selectedRunProperty().set(failedOver.id()));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> !vm.rows().isEmpty()));
        List<Waterfall.Row> rows = fx.call(() -> List.copyOf(vm.rows()));
        assertThat(rows.getFirst().span().name()).isEqualTo("invoke_agent assistant");
        assertThat(rows.getFirst().depth()).isZero();
        assertThat(rows).extracting(r -> r.span().name()).contains("queue_wait", "step 1", "chat primary", "chat fallback",
                "execute_tool clock");
        Waterfall.Row call = rows.stream().filter(r -> r.span().name().equals("chat fallback")).findFirst().orElseThrow();
        assertThat(call.depth()).isEqualTo(2); // run > step > call
        assertThat(fx.call(() -> vm.summaryProperty().get())).startsWith("Trace " + fx.call(() -> vm.traceProperty().get().traceId()))
                .contains(rows.size() + " spans").contains("errors");

        fx.run(() -> vm.selectSpan(call.span()));
        assertThat(fx.call(() -> List.copyOf(vm.spanFacts()))).contains("gen_ai.request.model = fallback",
                "gen_ai.provider.name = simulated", "gen_ai.operation.name = chat");
        Span step = rows.stream().filter(r -> r.span().name().equals("step 1")).findFirst().orElseThrow().span();
        fx.run(() -> vm.selectSpan(step));
        assertThat(fx.call(() -> List.copyOf(vm.spanFacts()))).anyMatch(l -> l.startsWith("event +") && l.contains(" fallback"));

        fx.run(() -> vm.open("run_unknown"));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.summaryProperty().get().startsWith("Cannot show the trace of run_unknown")));
        assertThat(fx.call(() -> vm.rows().isEmpty())).isTrue();
        fx.run(() -> vm.open(plain.id()));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> !vm.rows().isEmpty()));
    }
}
