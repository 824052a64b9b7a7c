package dev.flotilla.console.feature.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.ContractJson;
import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.FakeGateway;
import dev.flotilla.console.MutableClock;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The resilience panel's state without a window. The runtime does not serve /v1/resilience nor
 * the resilience fields of /v1/fleet yet, so the node is a {@link FakeGateway} (real HTTP, real
 * event stream, real client): replace with the local fleet once the runtime serves /v1/resilience.
 */
class ResilienceViewModelTest {

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private final FakeGateway gateway = new FakeGateway();
    private final List<FleetSession> sessions = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        sessions.forEach(FleetSession::close);
        gateway.close();
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    private ResilienceViewModel connected(Clock clock) throws Exception {
        FleetTarget t = new FleetTarget(new FleetDescriptor("f", "Fleet", gateway.url(), FleetKind.REMOTE), new ApiKey(FakeGateway.KEY));
        FleetSession s = new FleetSession(t, scheduler, fx, Clock.systemUTC()).start();
        sessions.add(s);
        ResilienceViewModel vm = fx.call(() -> new ResilienceViewModel(background, clock));
        fx.run(() -> vm.setSession(s));
        return vm;
    }

    @Test
    void breakersCountersAndRecentEventsLoadAndLiveEventsArriveOnTop() throws Exception {
        gateway.json("GET", "/v1/fleet", 200, ContractJson.fleet());
        gateway.json("GET", "/v1/resilience", 200, ContractJson.resilience());
        ResilienceViewModel vm = connected(Clock.systemUTC());
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.events().size() == 4 && vm.breakers().size() == 3));

        // breakers of live nodes only (n3 is lost), the open one first
        assertThat(fx.call(() -> vm.breakers())).extracting(BreakerRow::node, BreakerRow::target, BreakerRow::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("n1", "openai/gpt-4o", "open"),
                org.assertj.core.groups.Tuple.tuple("n2", "simulated/primary", "half_open"),
                org.assertj.core.groups.Tuple.tuple("n1", "simulated/primary", "closed"));
        assertThat(fx.call(() -> vm.breakers().get(1).failureRate())).isEqualTo("—"); // -1: too few calls to judge
        assertThat(fx.call(() -> vm.breakers().getFirst().failureRate())).isEqualTo("62.5 %");
        // counters summed over live nodes (n3's stale figures left out)
        assertThat(fx.call(() -> List.of(vm.retriesProperty().get(), vm.fallbacksProperty().get(), vm.throttledProperty().get(),
                vm.rateLimitedProperty().get()))).containsExactly(16L, 3L, 1L, 6L);
        assertThat(fx.call(() -> vm.openBreakersProperty().get())).isEqualTo(1);
        // the recent list as served, newest first, the unknown type left out
        assertThat(fx.call(() -> vm.events())).extracting(EventRow::kind).containsExactly("breaker", "fallback", "retry", "pool");
        assertThat(fx.call(() -> vm.events().get(1).text()))
                .isEqualTo("Fell back from openai/gpt-4o to simulated/primary for run_7: breaker_open");

        // live: the breaker closes again and a rate-limit rejection comes in over the event stream
        gateway.emit("breaker.changed", """
                {"type": "breaker.changed", "time": "%s", "node": "n1", "provider": "openai", "model": "gpt-4o", "from": "open", "to": "half_open"}"""
                .formatted(Instant.now()));
        gateway.emit("ratelimit.rejected", """
                {"type": "ratelimit.rejected", "time": "%s", "node": "n2", "scope": "key", "subject": "key …9f2c", "retry_after_ms": 2000}"""
                .formatted(Instant.now()));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.events().size() == 6));
        assertThat(fx.call(() -> vm.events().getFirst().text()))
                .isEqualTo("Refused a request over the API key's rate limit (key …9f2c); retry after 2.0 s");
        assertThat(fx.call(() -> vm.events().get(1).text()))
                .isEqualTo("Breaker of openai/gpt-4o went open → half-open: probing with a few calls");
        assertThat(fx.call(() -> vm.recentRejectionsProperty().get())).isEqualTo(1);
        assertThat(fx.call(() -> vm.attentionProperty().get())).contains("1 rate-limit rejection in the last 5 min");
    }

    @Test
    void aBreakerChangeFlipsItsRowBeforeTheNextSnapshot() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T16:20:00Z"));
        ResilienceViewModel vm = fx.call(() -> new ResilienceViewModel(background, clock));
        fx.run(() -> vm.onSignals(List.of(new dev.flotilla.console.fleet.FleetSnapshot(
                Json.MAPPER.readValue(ContractJson.fleet(), dev.flotilla.console.fleet.FleetInfo.class), clock.instant()))));
        assertThat(fx.call(() -> vm.openBreakersProperty().get())).isEqualTo(1);
        fx.run(() -> vm.onSignals(List.of(parse("""
                {"type": "breaker.changed", "time": "2026-11-27T16:20:01Z", "node": "n1", "provider": "simulated", "model": "primary", "from": "closed", "to": "open"}"""))));
        assertThat(fx.call(() -> vm.openBreakersProperty().get())).isEqualTo(2);
        assertThat(fx.call(() -> vm.attentionProperty().get())).isEqualTo("2 breakers open");
    }

    @Test
    void theEventListKeepsTheNewest500OnceEach() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T16:20:00Z"));
        ResilienceViewModel vm = fx.call(() -> new ResilienceViewModel(background, clock));
        List<FleetSignal> many = new ArrayList<>();
        for (int i = 0; i < 700; i++) many.add(retried(i, Instant.parse("2026-11-27T16:00:00Z").plusSeconds(i)));
        // the bridge delivers in batches; one of them repeats an event, as a reconnect can
        fx.run(() -> vm.onSignals(many.subList(0, 400)));
        fx.run(() -> vm.onSignals(many.subList(399, 700)));
        assertThat(fx.call(() -> vm.events().size())).isEqualTo(ResilienceViewModel.MAX_EVENTS);
        assertThat(fx.call(() -> vm.events().getFirst().event().runId())).isEqualTo("run_699");
        assertThat(fx.call(() -> vm.events().getLast().event().runId())).isEqualTo("run_200");
        assertThat(fx.call(() -> vm.events().stream().map(r -> r.event().runId()).distinct().count())).isEqualTo(500L);
        // an older event that arrives late goes where its time puts it, or not at all when too old
        fx.run(() -> vm.onSignals(List.of(retried(1_000, Instant.parse("2026-11-27T16:00:01Z")))));
        assertThat(fx.call(() -> vm.events().stream().anyMatch(r -> "run_1000".equals(r.event().runId())))).isFalse();
    }

    @Test
    void rateLimitRejectionsCallForAttentionForFiveMinutes() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T16:20:00Z"));
        ResilienceViewModel vm = fx.call(() -> new ResilienceViewModel(background, clock));
        fx.run(() -> vm.onSignals(List.of(rejected("2026-11-27T16:19:00Z"), rejected("2026-11-27T16:19:30Z"),
                rejected("2026-11-27T16:10:00Z"))));
        assertThat(fx.call(() -> vm.recentRejectionsProperty().get())).isEqualTo(2);
        assertThat(fx.call(() -> vm.attentionProperty().get())).isEqualTo("2 rate-limit rejections in the last 5 min");
        clock.advance(Duration.ofMinutes(5));
        fx.run(() -> vm.onSignals(List.of())); // any batch (a snapshot every two seconds) moves the window on
        assertThat(fx.call(() -> vm.recentRejectionsProperty().get())).isZero();
        assertThat(fx.call(() -> vm.attentionProperty().get())).isEmpty();
    }

    @Test
    void aFleetTooOldForResilienceSaysSoAndStillListsPoolChanges() throws Exception {
        gateway.json("GET", "/v1/fleet", 200, ContractJson.firstSliceFleet()); // and no /v1/resilience route
        ResilienceViewModel vm = connected(Clock.systemUTC());
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> !vm.supportedProperty().get()));
        assertThat(fx.call(() -> vm.breakersEmptyProperty().get())).isEqualTo(ResilienceViewModel.OLD_NODES_NO_BREAKERS);
        assertThat(fx.call(() -> vm.messageProperty().get())).isEmpty(); // calm: not an error
        waitFor(10, TimeUnit.SECONDS, () -> gateway.openStreams() == 1);
        gateway.emit("pool.scaled", "{\"type\": \"pool.scaled\", \"time\": \"2026-11-27T16:20:00Z\", \"node\": \"old\", \"agent\": \"assistant\", \"size\": 6}");
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.events().size() == 1));
        assertThat(fx.call(() -> vm.events().getFirst().text())).isEqualTo("Pool assistant scaled to 6 agents");
    }

    @Test
    void eachEventTypeReadsAsASentence() throws Exception {
        assertThat(EventText.describe(parse("""
                {"type": "model.retried", "run_id": "run_1", "provider": "openai", "model": "gpt-4o", "attempt": 2, "error_code": "timeout", "wait_ms": 800}""")))
                .isEqualTo("Retried openai/gpt-4o for run_1 after attempt 2 failed (timeout); next try in 800 ms");
        assertThat(EventText.describe(parse("""
                {"type": "provider.throttled", "run_id": "run_2", "provider": "openai", "model": "gpt-4o", "limit": "tpm", "wait_ms": 1500}""")))
                .isEqualTo("Waited 1.5 s for openai/gpt-4o's tokens-per-minute limit (run_2)");
        assertThat(EventText.describe(parse("""
                {"type": "run.reclaimed", "node": "n1", "run_id": "run_3", "from_node": "n3", "deliveries": 2}""")))
                .isEqualTo("Took over run_3 from node n3 (delivery 2)");
        assertThat(EventText.describe(parse("""
                {"type": "deadletter.added", "run_id": "run_4", "deliveries": 3, "error_code": "node_lost"}""")))
                .isEqualTo("Moved run_4 to the dead letters after 3 deliveries (node_lost)");
        assertThat(EventText.describe(parse("{\"type\": \"deadletter.replayed\", \"run_id\": \"run_4\"}")))
                .isEqualTo("Replayed run_4 from the dead letters");
        assertThat(EventText.describe(parse("{\"type\": \"node.state\", \"node\": \"n2\", \"state\": \"paused\", \"reason\": \"operator\"}")))
                .isEqualTo("Node n2 is now paused (operator)");
        assertThat(EventText.describe(parse("{\"type\": \"pool.scaled\", \"agent\": \"triage\", \"size\": 3, \"from\": 2, \"reason\": \"autoscale\"}")))
                .isEqualTo("Pool triage went from 2 to 3 agents (autoscale)");
        assertThat(EventText.tone(parse("{\"type\": \"breaker.changed\", \"to\": \"open\"}"))).isEqualTo(EventText.DANGER);
        assertThat(EventText.tone(parse("{\"type\": \"breaker.changed\", \"to\": \"closed\"}"))).isEqualTo(EventText.OK);
    }

    private static FleetEvent parse(String json) throws Exception {
        return Json.MAPPER.readValue(json, FleetEvent.class);
    }

    private static FleetEvent retried(int i, Instant at) throws Exception {
        return parse("""
                {"type": "model.retried", "time": "%s", "node": "n1", "run_id": "run_%d", "provider": "simulated", "model": "primary", "attempt": 1, "wait_ms": 100}"""
                .formatted(at, i));
    }

    private static FleetEvent rejected(String at) throws Exception {
        return parse("""
                {"type": "ratelimit.rejected", "time": "%s", "node": "n1", "scope": "agent", "subject": "assistant", "retry_after_ms": 1000}""".formatted(at));
    }
}
