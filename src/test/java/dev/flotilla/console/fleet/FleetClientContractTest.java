package dev.flotilla.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.flotilla.console.Await;
import dev.flotilla.console.ContractJson;
import dev.flotilla.console.FakeGateway;
import dev.flotilla.console.PoisonTool;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.agent.AgentPool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's side of issue 3's routes, against a real fleet in this JVM: node n1 (which the
 * client talks to) and n2 share one embedded Redis, n3 stopped beating a minute ago. Their simulated
 * primary model is down and their parser agent's tool crashes on "poison" ({@link TestNodes#troubled}).
 * n2 is paused before each test, so every run goes to n1 and what it does is known.
 *
 * <p>Only what a node of an older version does (it has none of these routes) is played by
 * {@link FakeGateway}; {@link #aRealNodeAnswersAnUnknownRouteAsTheFakeOldNodeDoes} keeps that fake honest.
 */
class FleetClientContractTest {

    private static final PoisonTool poison = new PoisonTool();
    private static FleetRuntime n1;
    private static FleetRuntime n2;
    private static FleetRuntime n3;
    private static FleetClient client;

    @BeforeAll
    static void fleet() {
        n1 = TestNodes.troubled("n1", poison).build().start();
        n2 = TestNodes.joining(n1, TestNodes.troubled("n2", poison));
        n3 = TestNodes.silent(n1, "n3");
        client = new FleetClient(n1.baseUrl(), new ApiKey(TestNodes.KEY));
    }

    @AfterAll
    static void stop() {
        client.close();
        for (FleetRuntime n : new FleetRuntime[] {n3, n2, n1}) if (n != null) n.close();
    }

    @BeforeEach
    void onlyN1TakesRuns() {
        n2.setState("paused", "the test's setup");
    }

    @Test
    void theFleetViewCarriesEveryNodesStateHeartbeatPoolsAndBreakers() throws Exception {
        FleetInfo.Node paused = Await.node(client, "n2", n -> n.nodeState() == NodeState.PAUSED);
        FleetInfo fleet = client.fleet().get().get(10, TimeUnit.SECONDS);

        assertThat(fleet.servedBy()).isEqualTo("n1");
        assertThat(fleet.agents()).containsExactly("assistant", TestNodes.PARSER);
        assertThat(fleet.nodes()).extracting(FleetInfo.Node::nodeId, FleetInfo.Node::nodeState).containsExactly(
                tuple("n1", NodeState.ACTIVE), tuple("n2", NodeState.PAUSED), tuple("n3", NodeState.LOST));
        FleetInfo.Node one = fleet.node("n1").orElseThrow();
        assertThat(one.host()).isNotBlank();
        assertThat(one.version()).isEqualTo(FleetRuntime.VERSION);
        assertThat(one.heartbeatAgeMs()).isBetween(0L, 5_000L);
        assertThat(one.inFlight()).isNotNull();
        assertThat(one.totalPoolSize()).isEqualTo(6); // assistant 4 + parser 2
        assertThat(one.simulated()).isTrue();
        FleetInfo.Pool parser = one.pool(TestNodes.PARSER).orElseThrow();
        assertThat(List.of(parser.size(), parser.min(), parser.max())).containsExactly(2, 2, 2);
        assertThat(parser.autoscale()).isFalse();
        assertThat(one.resilience()).isNotNull();
        assertThat(paused.heartbeatAgeMs()).isLessThan(5_000L);
        // n3's last heartbeat is a minute old: lost, and its figures are its last ones
        FleetInfo.Node lost = fleet.node("n3").orElseThrow();
        assertThat(lost.heartbeatAgeMs()).isGreaterThanOrEqualTo(50_000L);
        assertThat(lost.state()).isEqualTo("lost");
        assertThat(lost.totalBusy()).isZero();
    }

    @Test
    void pauseDrainAndResumeReachTheirNodeThroughAnotherNodesGateway() throws Exception {
        assertThat(client.nodes().resume("n2").get(10, TimeUnit.SECONDS)).isEqualTo(new NodeCommand("n2", "active"));
        Await.until(10, () -> n2.state().equals("active"));
        assertThat(client.nodes().drain("n2").get(10, TimeUnit.SECONDS)).isEqualTo(new NodeCommand("n2", "draining"));
        Await.node(client, "n2", n -> n.nodeState() == NodeState.DRAINING && n.draining());
        assertThat(client.nodes().pause("n2").get(10, TimeUnit.SECONDS)).isEqualTo(new NodeCommand("n2", "paused"));
        Await.node(client, "n2", n -> n.nodeState() == NodeState.PAUSED && !n.draining());
        assertThat(n2.state()).isEqualTo("paused");
    }

    @Test
    void scalingOnePoolOfAnotherNodeSetsItsSizeAndItsBounds() throws Exception {
        assertThat(client.nodes().scalePool("n2", "assistant", PoolScale.size(6)).get(10, TimeUnit.SECONDS))
                .isEqualTo(new NodeCommand("n2", "scaled"));
        Await.until(10, () -> n2.pool("assistant").size() == 6);

        client.nodes().scalePool("n2", "assistant", PoolScale.bounds(2, 32)).get(10, TimeUnit.SECONDS);
        FleetInfo.Pool bounded = Await.node(client, "n2", n -> n.pool("assistant").orElseThrow().max() == 32).pool("assistant").orElseThrow();
        assertThat(List.of(bounded.min(), bounded.max())).containsExactly(2, 32);
        assertThat(bounded.autoscale()).isTrue();

        client.nodes().scalePool("n2", "assistant", new PoolScale(4, 4, 4)).get(10, TimeUnit.SECONDS);
        Await.until(10, () -> {
            AgentPool.Snapshot p = n2.pool("assistant").snapshot();
            return p.size() == 4 && p.min() == 4 && p.max() == 4 && !p.autoscale();
        });
        assertThatThrownBy(() -> new PoolScale(null, 5, 2)).hasMessage("min > max: 5 > 2");
        assertThatThrownBy(() -> new PoolScale(null, null, null)).hasMessageContaining("nothing to change");
    }

    @Test
    void anUnknownOrLostNodeFailsWithTheFleetsOwnCodeAndWords() {
        for (String node : List.of("n9", "n3")) {
            assertThatThrownBy(() -> client.nodes().drain(node).get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(FleetApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.code()).isEqualTo("node_not_found");
                        assertThat(ErrorText.of(e)).isEqualTo("no live node with id '" + node + "' (see GET /v1/fleet)");
                        assertThat(e.unsupported()).isFalse();
                    });
        }
    }

    @Test
    void aRealNodeAnswersAnUnknownRouteAsTheFakeOldNodeDoes() throws Exception {
        HttpResponse<String> real = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(n1.baseUrl() + "/v1/not-a-route"))
                .header("Authorization", "Bearer " + TestNodes.KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(real.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(real.body())).isEqualTo(Json.MAPPER.readTree(
                FakeGateway.error("not_found", "Endpoint GET /v1/not-a-route not found")));
    }

    @Test
    void aNodeWithoutTheNewRoutesSaysItIsTooOldInsteadOfNotFound() {
        try (FakeGateway old = new FakeGateway(); FleetClient toOld = new FleetClient(old.url(), new ApiKey(FakeGateway.KEY))) {
            assertThatThrownBy(() -> toOld.resilience().get().get(10, TimeUnit.SECONDS)).satisfies(e -> {
                assertThat(ErrorText.unsupported(e)).isTrue();
                assertThat(ErrorText.of(e)).isEqualTo("the node at " + old.url()
                        + " does not offer the resilience view (it runs an older Flotilla version); update the fleet's nodes to use it");
            });
            assertThatThrownBy(() -> toOld.nodes().pause("n1").get(10, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(ErrorText.of(e)).contains("does not offer node control"));
            assertThatThrownBy(() -> toOld.deadLetters().list(10).get(10, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(ErrorText.unsupported(e)).isTrue());
        }
    }

    @Test
    void aPoisonRunIsListedInspectedReplayedAndAnotherDiscarded() throws Exception {
        RunInfo first = Await.run(client, TestNodes.PARSER, "poison pill one");
        RunInfo second = Await.run(client, TestNodes.PARSER, "poison pill two");
        assertThat(first.error().code()).isEqualTo(DeadLetter.DEAD_LETTERED);

        List<DeadLetter> listed = client.deadLetters().list(100).get(10, TimeUnit.SECONDS).stream()
                .filter(d -> d.runId().equals(first.id()) || d.runId().equals(second.id())).toList();
        assertThat(listed).extracting(DeadLetter::runId).containsExactly(second.id(), first.id()); // newest first
        DeadLetter one = client.deadLetters().get(first.id()).get(10, TimeUnit.SECONDS);
        assertThat(one.agent()).isEqualTo(TestNodes.PARSER);
        assertThat(one.input()).isEqualTo("poison pill one");
        assertThat(one.deliveries()).isEqualTo(1);
        assertThat(one.failedDeliveries()).isEqualTo(1);
        assertThat(one.deadLetteredAt()).isNotNull();
        assertThat(one.error().message()).contains("the parser cannot digest this input");
        assertThat(one.lastErrorCode()).isEqualTo("internal_error");
        assertThat(one.errors()).singleElement().satisfies(e -> {
            assertThat(e.node()).isEqualTo("n1");
            assertThat(e.at()).isNotNull();
            assertThat(e.message()).isEqualTo("IllegalStateException: the parser cannot digest this input");
        });

        try {
            poison.fix();
            assertThat(client.deadLetters().replay(first.id()).get(10, TimeUnit.SECONDS)).isEqualTo(new RunSubmitted(first.id(), RunStatus.QUEUED));
            RunInfo replayed = Await.ended(client, first.id());
            assertThat(replayed.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(replayed.timeline()).extracting(RunInfo.TimelineEntry::kind).contains("dead_lettered", "replayed", "succeeded");
        } finally {
            poison.unfix();
        }
        assertThat(client.deadLetters().discard(second.id()).get(10, TimeUnit.SECONDS)).isNull();
        assertThat(client.deadLetters().list(100).get(10, TimeUnit.SECONDS)).extracting(DeadLetter::runId).doesNotContain(first.id(), second.id());
        assertThat(client.runs().get(second.id()).get(10, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.FAILED);

        assertThatThrownBy(() -> client.deadLetters().get(second.id()).get(10, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(ErrorText.of(e)).isEqualTo("no dead letter for run '" + second.id() + "'"));
    }

    @Test
    void theResilienceViewShowsTheOpenBreakerItsCountersAndTheRecentEventsOfEachType() throws Exception {
        Await.run(client, "assistant", TestNodes.PRIMARY_FAILS + "one");
        Await.run(client, "assistant", TestNodes.PRIMARY_FAILS + "two"); // 4 failed calls: the primary's breaker opens
        Await.until(10, () -> client.resilience().get().get(5, TimeUnit.SECONDS).nodes().stream()
                .flatMap(n -> n.breakers().stream()).anyMatch(b -> b.target().equals("simulated/primary") && b.isOpen()));

        ResilienceInfo info = client.resilience().get().get(10, TimeUnit.SECONDS);
        assertThat(info.nodes()).extracting(NodeResilience::nodeId).containsExactly("n1", "n2"); // n3 is lost
        NodeResilience one = info.nodes().getFirst();
        assertThat(one.retries()).isGreaterThanOrEqualTo(2);
        assertThat(one.fallbacks()).isGreaterThanOrEqualTo(2);
        Breaker primary = one.breakers().stream().filter(b -> b.target().equals("simulated/primary")).findFirst().orElseThrow();
        assertThat(primary.failureRate()).isEqualTo(100.0);
        assertThat(primary.calls()).isEqualTo(4);

        assertThat(info.recent()).allSatisfy(e -> assertThat(e.isResilience()).isTrue());
        FleetEvent opened = info.recent().stream().filter(e -> e.type().equals(FleetEvent.BREAKER_CHANGED)).findFirst().orElseThrow();
        assertThat(List.of(opened.node(), opened.provider(), opened.model(), opened.from(), opened.to()))
                .containsExactly("n1", "simulated", "primary", "closed", "open");
        FleetEvent retried = info.recent().stream().filter(e -> e.type().equals(FleetEvent.MODEL_RETRIED)).findFirst().orElseThrow();
        assertThat(retried.attempt()).isEqualTo(1);
        assertThat(retried.errorCode()).isEqualTo("model_server_error");
        assertThat(retried.waitMs()).isBetween(0L, 20L);
        assertThat(retried.runId()).isNotBlank();
        assertThat(retried.isRun()).isFalse();
        FleetEvent fellBack = info.recent().stream().filter(e -> e.type().equals(FleetEvent.MODEL_FALLBACK)).findFirst().orElseThrow();
        assertThat(List.of(fellBack.from(), fellBack.to())).containsExactly("simulated/primary", "simulated/fallback");
        assertThat(fellBack.reason()).isIn("model_server_error after 2 attempts", "breaker_open");
        FleetEvent paused = info.recent().stream().filter(e -> e.type().equals(FleetEvent.NODE_STATE)).findFirst().orElseThrow();
        assertThat(paused.state()).isEqualTo("paused");
    }

    @Test
    void aRunThatFellBackCarriesItsTimelineTheModelThatAnsweredAndWhy() throws Exception {
        RunInfo run = Await.run(client, "assistant", TestNodes.PRIMARY_FAILS + "hello");
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.model()).isEqualTo("simulated/fallback");
        assertThat(run.fallbackReason()).isIn("model_server_error after 2 attempts", "breaker_open");
        assertThat(run.deliveries()).isEqualTo(1);
        assertThat(run.node()).isEqualTo("n1");
        List<RunInfo.TimelineEntry> t = run.timeline();
        assertThat(t.getFirst().kind()).isEqualTo("queued");
        assertThat(t.get(1).kind()).isEqualTo("started");
        assertThat(t.get(1).detail()).isEqualTo("on n1");
        assertThat(t.getLast().kind()).isEqualTo("succeeded");
        assertThat(t.getLast().model()).isEqualTo("simulated/fallback");
        assertThat(t).allSatisfy(e -> assertThat(e.at()).isNotNull());
        RunInfo.TimelineEntry fallback = t.stream().filter(e -> e.kind().equals("fallback")).findFirst().orElseThrow();
        assertThat(fallback.model()).isEqualTo("simulated/fallback");
        assertThat(fallback.detail()).isEqualTo("from simulated/primary: " + run.fallbackReason());
        // the answering attempt, then what it cost (money module), then the end
        RunInfo.TimelineEntry answered = t.get(t.size() - 3);
        assertThat(List.of(answered.kind(), answered.model(), answered.detail())).containsExactly("attempt", "simulated/fallback", "ok");
        RunInfo.TimelineEntry cost = t.get(t.size() - 2);
        assertThat(List.of(cost.kind(), cost.model())).containsExactly("cost", "simulated/fallback");
        assertThat(cost.detail()).startsWith("$");
        assertThat(run.costUsd()).isPositive();
        assertThat(answered.durationMs()).isNotNull();
        if (run.fallbackReason().equals("breaker_open")) {
            assertThat(t).extracting(RunInfo.TimelineEntry::kind).containsSubsequence("breaker_open", "fallback");
        } else {
            assertThat(t).extracting(RunInfo.TimelineEntry::kind).containsExactly("queued", "started", "attempt", "retry",
                    "attempt", "fallback", "attempt", "cost", "succeeded");
            assertThat(t.get(2).detail()).isEqualTo("model_server_error: simulated 500 Internal Server Error");
            assertThat(t.get(3).detail()).isEqualTo("model_server_error; attempt 1 failed, trying again");
        }
    }

    @Test
    void theFixturesOfThePureTestsHaveTheFieldsARealNodeWrites() throws Exception {
        var real = Json.MAPPER.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(n1.baseUrl() + "/v1/fleet"))
                .header("Authorization", "Bearer " + TestNodes.KEY).build(), HttpResponse.BodyHandlers.ofString()).body());
        var fixture = Json.MAPPER.readTree(ContractJson.fleet());
        assertThat(names(fixture.path("nodes").path(0))).containsAll(names(real.path("nodes").path(0)));
        assertThat(names(fixture.path("nodes").path(0).path("pools").path(0))).containsAll(names(real.path("nodes").path(0).path("pools").path(0)));
        assertThat(names(fixture.path("nodes").path(0).path("resilience").path("breakers").path(0)))
                .containsAll(names(real.path("nodes").path(0).path("resilience").path("breakers").path(0)));
    }

    @Test
    void aFleetViewReadsPastFieldsItDoesNotKnowAndAFirstSliceNodeReadsAsActiveOrDraining() throws Exception {
        FleetInfo newer = Json.MAPPER.readValue(ContractJson.fleet(), FleetInfo.class); // carries fields no console knows
        assertThat(newer.nodes()).extracting(FleetInfo.Node::nodeState).containsExactly(NodeState.ACTIVE, NodeState.PAUSED, NodeState.LOST);
        FleetInfo.Node old = Json.MAPPER.readValue(ContractJson.firstSliceFleet(), FleetInfo.class).nodes().getFirst();
        assertThat(old.state()).isNull();
        assertThat(old.nodeState()).isEqualTo(NodeState.ACTIVE);
        assertThat(old.totalPoolSize()).isEqualTo(4);
        assertThat(old.pools().getFirst().autoscale()).isNull();
        assertThat(old.toolPolicyVersion()).isEmpty(); // nodes before tool permissions report none
        assertThat(newer.nodes().getFirst().toolPolicyVersion()).contains(3L);
        FleetInfo.Node draining = Json.MAPPER.readValue(ContractJson.firstSliceFleet().replace("\"draining\": false", "\"draining\": true"),
                FleetInfo.class).nodes().getFirst();
        assertThat(draining.nodeState()).isEqualTo(NodeState.DRAINING);
        assertThat(NodeState.fromWire("hibernating")).isEqualTo(NodeState.UNKNOWN);
    }

    private static List<String> names(com.fasterxml.jackson.databind.JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        assertThat(out).as("a real node wrote this object").isNotEmpty();
        return out;
    }
}
