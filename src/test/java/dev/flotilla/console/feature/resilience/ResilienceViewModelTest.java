package dev.flotilla.console.feature.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.Await;
import dev.flotilla.console.ContractJson;
import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.FakeGateway;
import dev.flotilla.console.MutableClock;
import dev.flotilla.console.PoisonTool;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetApiException;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.ratelimit.RateLimit;
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
 * The resilience panel's state without a window. What happens in a fleet is made to happen on a
 * real node: its simulated primary model is down (retries, fallbacks, then an open breaker) and its
 * API key may submit 4 runs before it is refused (rate-limit rejections). Exact figures a fleet
 * gives on no one's command (a half-open breaker, 700 events) are fed to the model directly; only a
 * fleet too old to report breakers is played by {@link FakeGateway}.
 */
class ResilienceViewModelTest {

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    private ResilienceViewModel connected(String url, String key) throws Exception {
        FleetTarget t = new FleetTarget(new FleetDescriptor("f", "Fleet", url, FleetKind.REMOTE), new ApiKey(key));
        FleetSession s = new FleetSession(t, scheduler, fx, Clock.systemUTC()).start();
        opened.add(s);
        ResilienceViewModel vm = fx.call(() -> new ResilienceViewModel(background, Clock.systemUTC()));
        fx.run(() -> vm.setSession(s));
        return vm;
    }

    @Test
    void retriesFallbacksTheOpenBreakerAndRejectionsArriveLiveAndLoadOnAFreshPanel() throws Exception {
        FleetRuntime node = TestNodes.troubled("res-node", new PoisonTool()).keyRateLimit(new RateLimit(1, 4)).build().start();
        opened.add(node);
        FleetClient client = new FleetClient(node.baseUrl(), new ApiKey(TestNodes.KEY));
        opened.add(client);
        ResilienceViewModel live = connected(node.baseUrl(), TestNodes.KEY);
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> ResilienceViewModel.NO_EVENTS.equals(live.eventsEmptyProperty().get())));

        // two runs, two failed calls each: the primary's breaker opens; the next two meet it open
        Await.run(client, "assistant", TestNodes.PRIMARY_FAILS + "one");
        Await.run(client, "assistant", TestNodes.PRIMARY_FAILS + "two");
        Await.run(client, "assistant", "three");
        Await.run(client, "assistant", "four");
        // the key's burst of 4 is spent: two more are refused with 429
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client.runs().submit("assistant", "over the limit", null).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(FleetApiException.class, e -> assertThat(e.status()).isEqualTo(429));
        }

        waitFor(15, TimeUnit.SECONDS, () -> fx.call(() -> live.openBreakersProperty().get() == 1 && live.recentRejectionsProperty().get() == 2
                && live.rateLimitedProperty().get() == 2 && live.fallbacksProperty().get() == 4));
        assertThat(fx.call(() -> live.breakers().getFirst())).extracting(BreakerRow::node, BreakerRow::target, BreakerRow::state)
                .containsExactly("res-node", "simulated/primary", "open");
        assertThat(fx.call(() -> live.breakers().getFirst().failureRate())).isEqualTo("100.0 %");
        assertThat(fx.call(() -> live.retriesProperty().get())).isEqualTo(2L);
        assertThat(fx.call(() -> live.attentionProperty().get())).isEqualTo("1 breaker open · 2 rate-limit rejections in the last 5 min");
        assertThat(fx.call(() -> live.events().stream().map(EventRow::kind).distinct().toList()))
                .contains("rate limit", "fallback", "breaker", "retry");
        assertThat(fx.call(() -> live.events().getFirst().text()))
                .matches("Refused a run over the API key's rate limit \\(key [0-9a-f]{12}\\); retry after [0-9.,]+ s");
        assertThat(fx.call(() -> live.events().stream().map(EventRow::text).toList())).contains(
                "Breaker of simulated/primary went closed → open: calls fail fast")
                .anyMatch(t -> t.matches("Fell back from simulated/primary to simulated/fallback for run_\\w+: breaker open"))
                .anyMatch(t -> t.matches("Retried simulated/primary for run_\\w+ after attempt 1 failed \\(model_server_error\\); next try in \\d+ ms"));

        // during an outage fallbacks are most of the list: one kind can be picked out
        fx.run(() -> live.kindFilterProperty().set("breaker"));
        assertThat(fx.call(() -> live.shownEvents().stream().map(EventRow::kind).toList())).containsExactly("breaker");
        fx.run(() -> live.kindFilterProperty().set(ResilienceViewModel.ALL_KINDS));
        assertThat(fx.call(() -> live.shownEvents().size())).isEqualTo(fx.call(() -> live.events().size()));

        // a panel opened now loads the same from GET /v1/resilience, each event once
        ResilienceViewModel fresh = connected(node.baseUrl(), TestNodes.KEY);
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> fresh.events().size() == live.events().size() && fresh.openBreakersProperty().get() == 1));
        assertThat(fx.call(() -> fresh.events().stream().map(EventRow::text).toList()))
                .isEqualTo(fx.call(() -> live.events().stream().map(EventRow::text).toList()));
    }

    @Test
    void aBreakerChangeFlipsItsRowBeforeTheNextSnapshot() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T16:20:00Z"));
        ResilienceViewModel vm = fx.call(() -> new ResilienceViewModel(background, clock));
        fx.run(() -> vm.onSignals(List.of(new dev.flotilla.console.fleet.FleetSnapshot(
                Json.MAPPER.readValue(ContractJson.fleet(), dev.flotilla.console.fleet.FleetInfo.class), clock.instant()))));
        // breakers of live nodes only (n3 is lost, its figures stale), the open one first, then half-open
        assertThat(fx.call(() -> vm.breakers())).extracting(BreakerRow::node, BreakerRow::target, BreakerRow::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("n1", "openai/gpt-4o", "open"),
                org.assertj.core.groups.Tuple.tuple("n2", "simulated/primary", "half_open"),
                org.assertj.core.groups.Tuple.tuple("n1", "simulated/primary", "closed"));
        assertThat(fx.call(() -> vm.breakers().get(1).failureRate())).isEqualTo("—"); // -1: too few calls to judge
        assertThat(fx.call(() -> List.of(vm.retriesProperty().get(), vm.fallbacksProperty().get(), vm.throttledProperty().get(),
                vm.rateLimitedProperty().get()))).containsExactly(16L, 3L, 1L, 6L);
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
        FakeGateway old = new FakeGateway().json("GET", "/v1/fleet", 200, ContractJson.firstSliceFleet()); // and no /v1/resilience route
        opened.add(old);
        ResilienceViewModel vm = connected(old.url(), FakeGateway.KEY);
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> !vm.supportedProperty().get()));
        assertThat(fx.call(() -> vm.breakersEmptyProperty().get())).isEqualTo(ResilienceViewModel.OLD_NODES_NO_BREAKERS);
        assertThat(fx.call(() -> vm.messageProperty().get())).isEmpty(); // calm: not an error
        waitFor(10, TimeUnit.SECONDS, () -> old.openStreams() == 1);
        old.emit("pool.scaled", "{\"type\": \"pool.scaled\", \"time\": \"2026-11-27T16:20:00Z\", \"node\": \"old\", \"agent\": \"assistant\", \"size\": 6}");
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.events().size() == 1));
        assertThat(fx.call(() -> vm.events().getFirst().text())).isEqualTo("Pool assistant scaled to 6 agents");
    }

    @Test
    void eachEventTypeReadsAsASentence() throws Exception {
        // as the runtime words them (telemetry/RuntimeEvent)
        assertThat(EventText.describe(parse("""
                {"type": "model.retried", "run_id": "run_1", "provider": "openai", "model": "gpt-4o", "attempt": 2, "error_code": "model_timeout", "wait_ms": 800}""")))
                .isEqualTo("Retried openai/gpt-4o for run_1 after attempt 2 failed (model_timeout); next try in 800 ms");
        assertThat(EventText.describe(parse("""
                {"type": "model.fallback", "run_id": "run_1", "from": "simulated/primary", "to": "simulated/fallback", "reason": "breaker_open"}""")))
                .isEqualTo("Fell back from simulated/primary to simulated/fallback for run_1: breaker open");
        assertThat(EventText.describe(parse("""
                {"type": "provider.throttled", "run_id": "run_2", "provider": "openai", "model": "gpt-4o", "limit": "tpm", "wait_ms": 1500}""")))
                .isEqualTo("Waited 1.5 s for openai/gpt-4o's tokens-per-minute limit (run_2)");
        assertThat(EventText.describe(parse("""
                {"type": "ratelimit.rejected", "scope": "key", "subject": "82007d29a6e0", "retry_after_ms": 59797}""")))
                .isEqualTo("Refused a run over the API key's rate limit (key 82007d29a6e0); retry after 59.8 s");
        assertThat(EventText.describe(parse("""
                {"type": "ratelimit.rejected", "scope": "agent", "subject": "triage", "retry_after_ms": 500}""")))
                .isEqualTo("Refused a run over the agent's rate limit (triage); retry after 500 ms");
        assertThat(EventText.describe(parse("""
                {"type": "run.reclaimed", "node": "n1", "run_id": "run_3", "from_node": "n3", "deliveries": 2}""")))
                .isEqualTo("Took over run_3 from node n3 (delivery 2)");
        assertThat(EventText.describe(parse("""
                {"type": "deadletter.added", "run_id": "run_4", "deliveries": 3, "error_code": "dead_lettered"}""")))
                .isEqualTo("Moved run_4 to the dead letters after 3 deliveries");
        assertThat(EventText.describe(parse("{\"type\": \"deadletter.replayed\", \"run_id\": \"run_4\"}")))
                .isEqualTo("Replayed run_4 from the dead letters");
        assertThat(EventText.describe(parse("""
                {"type": "node.state", "node": "n2", "state": "paused", "reason": "paused by an operator via n1"}""")))
                .isEqualTo("Node n2 is now paused (by an operator via n1)");
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
