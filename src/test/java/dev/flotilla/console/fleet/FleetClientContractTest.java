package dev.flotilla.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.console.ContractJson;
import dev.flotilla.console.FakeGateway;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's side of issue 3's routes, over real HTTP. The runtime does not serve them yet, so
 * the node is a {@link FakeGateway} answering as docs/API.md says: replace with the local fleet
 * once the runtime serves /v1/nodes, /v1/resilience, /v1/dead-letters and run timelines.
 */
class FleetClientContractTest {

    private final FakeGateway node = new FakeGateway();
    private final FleetClient client = new FleetClient(node.url(), new ApiKey(FakeGateway.KEY));

    @AfterEach
    void stop() {
        client.close();
        node.close();
    }

    @Test
    void theFleetViewCarriesNodeStatesPoolsAndBreakersAndReadsPastFieldsItDoesNotKnow() throws Exception {
        node.json("GET", "/v1/fleet", 200, ContractJson.fleet());
        FleetInfo fleet = client.fleet().get(10, TimeUnit.SECONDS);

        assertThat(fleet.nodes()).extracting(FleetInfo.Node::nodeState)
                .containsExactly(NodeState.ACTIVE, NodeState.PAUSED, NodeState.LOST);
        FleetInfo.Node n1 = fleet.node("n1").orElseThrow();
        assertThat(n1.host()).isEqualTo("box-1");
        assertThat(n1.version()).isEqualTo("0.2.0");
        assertThat(n1.heartbeatAgeMs()).isEqualTo(420);
        assertThat(n1.inFlight()).isEqualTo(3);
        assertThat(n1.totalPoolSize()).isEqualTo(8);
        FleetInfo.Pool triage = n1.pool("triage").orElseThrow();
        assertThat(triage.min()).isEqualTo(4);
        assertThat(triage.max()).isEqualTo(4);
        assertThat(triage.autoscale()).isFalse();
        assertThat(n1.resilience().rateLimited()).isEqualTo(5);
        assertThat(n1.resilience().breakers()).extracting(Breaker::target, Breaker::isOpen)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("simulated/primary", false),
                        org.assertj.core.groups.Tuple.tuple("openai/gpt-4o", true));
    }

    @Test
    void aNodeOfTheFirstSliceReadsAsActiveOrDrainingFromWhatItReports() throws Exception {
        node.json("GET", "/v1/fleet", 200, ContractJson.firstSliceFleet());
        FleetInfo.Node old = client.fleet().get(10, TimeUnit.SECONDS).nodes().getFirst();
        assertThat(old.state()).isNull();
        assertThat(old.nodeState()).isEqualTo(NodeState.ACTIVE);
        assertThat(old.totalPoolSize()).isEqualTo(4);
        assertThat(old.pools().getFirst().autoscale()).isNull();
        node.json("GET", "/v1/fleet", 200, ContractJson.firstSliceFleet().replace("\"draining\": false", "\"draining\": true"));
        assertThat(client.fleet().get(10, TimeUnit.SECONDS).nodes().getFirst().nodeState()).isEqualTo(NodeState.DRAINING);
        assertThat(NodeState.fromWire("hibernating")).isEqualTo(NodeState.UNKNOWN);
    }

    @Test
    void pauseDrainAndResumePostToTheirNodeAndAnswerWhatWasRequested() throws Exception {
        for (String command : List.of("pause", "drain", "resume")) {
            String requested = switch (command) {
                case "pause" -> "paused";
                case "drain" -> "draining";
                default -> "active";
            };
            node.json("POST", "/v1/nodes/n2/" + command, 202, "{\"node_id\": \"n2\", \"requested\": \"" + requested + "\", \"eta_ms\": 900}");
        }
        assertThat(client.pauseNode("n2").get(10, TimeUnit.SECONDS)).isEqualTo(new NodeCommand("n2", "paused"));
        assertThat(client.drainNode("n2").get(10, TimeUnit.SECONDS)).isEqualTo(new NodeCommand("n2", "draining"));
        assertThat(client.resumeNode("n2").get(10, TimeUnit.SECONDS)).isEqualTo(new NodeCommand("n2", "active"));
        assertThat(node.writes()).extracting(FakeGateway.Request::path)
                .containsExactly("/v1/nodes/n2/pause", "/v1/nodes/n2/drain", "/v1/nodes/n2/resume");
    }

    @Test
    void scalingOnePoolOfOneNodeSendsOnlyWhatChanges() throws Exception {
        node.json("POST", "/v1/nodes/n1/pools/assistant/scale", 202, "{\"node_id\": \"n1\", \"requested\": \"scaled\"}");
        client.scalePool("n1", "assistant", PoolScale.size(6)).get(10, TimeUnit.SECONDS);
        client.scalePool("n1", "assistant", PoolScale.bounds(2, 32)).get(10, TimeUnit.SECONDS);
        client.scalePool("n1", "assistant", new PoolScale(8, 4, 4)).get(10, TimeUnit.SECONDS);
        List<JsonNode> bodies = node.requests("POST", "/v1/nodes/n1/pools/assistant/scale").stream().map(r -> {
            try {
                return Json.MAPPER.readTree(r.body());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(bodies).extracting(JsonNode::toString)
                .containsExactly("{\"size\":6}", "{\"min\":2,\"max\":32}", "{\"size\":8,\"min\":4,\"max\":4}");
        assertThatThrownBy(() -> new PoolScale(null, 5, 2)).hasMessage("min > max: 5 > 2");
        assertThatThrownBy(() -> new PoolScale(null, null, null)).hasMessageContaining("nothing to change");
    }

    @Test
    void anUnknownNodeFailsWithTheFleetsOwnCodeAndWords() {
        node.json("POST", "/v1/nodes/n9/drain", 404, FakeGateway.error("node_not_found", "no live node n9; it may have been lost"));
        assertThatThrownBy(() -> client.drainNode("n9").get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(FleetApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("node_not_found");
                    assertThat(ErrorText.of(e)).isEqualTo("no live node n9; it may have been lost");
                    assertThat(e.unsupported()).isFalse();
                });
    }

    @Test
    void aNodeWithoutTheNewRoutesSaysItIsTooOldInsteadOfNotFound() {
        // no routes registered: the bare 404 of a router that does not know the path
        assertThatThrownBy(() -> client.resilience().get(10, TimeUnit.SECONDS)).satisfies(e -> {
            assertThat(ErrorText.unsupported(e)).isTrue();
            assertThat(ErrorText.of(e)).isEqualTo("the node at " + node.url()
                    + " does not offer the resilience view (it runs an older Flotilla version); update the fleet's nodes to use it");
        });
        assertThatThrownBy(() -> client.pauseNode("n1").get(10, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(ErrorText.of(e)).contains("does not offer node control"));
        assertThatThrownBy(() -> client.deadLetters(10).get(10, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(ErrorText.unsupported(e)).isTrue());
    }

    @Test
    void deadLettersAreListedInspectedReplayedAndDiscarded() throws Exception {
        node.json("GET", "/v1/dead-letters", 200, ContractJson.deadLetters("run_1", "run_2"));
        node.json("GET", "/v1/dead-letters/run_1", 200, ContractJson.deadLetter("run_1", 3));
        node.json("POST", "/v1/dead-letters/run_1/replay", 202, "{\"run_id\": \"run_1\", \"status\": \"queued\"}");
        node.on("DELETE", "/v1/dead-letters/run_2", r -> new FakeGateway.Answer(204, ""));

        assertThat(client.deadLetters(100).get(10, TimeUnit.SECONDS)).extracting(DeadLetter::runId).containsExactly("run_1", "run_2");
        DeadLetter one = client.deadLetter("run_1").get(10, TimeUnit.SECONDS);
        assertThat(one.deliveries()).isEqualTo(3);
        assertThat(one.error().code()).isEqualTo("node_lost");
        assertThat(one.errors()).extracting(DeadLetter.DeliveryError::node).containsExactly("n3", "n2", "n1");
        assertThat(client.replayDeadLetter("run_1").get(10, TimeUnit.SECONDS)).isEqualTo(new RunSubmitted("run_1", RunStatus.QUEUED));
        assertThat(client.discardDeadLetter("run_2").get(10, TimeUnit.SECONDS)).isNull();
        assertThat(node.writes()).extracting(FakeGateway.Request::method, FakeGateway.Request::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/v1/dead-letters/run_1/replay"),
                org.assertj.core.groups.Tuple.tuple("DELETE", "/v1/dead-letters/run_2"));

        node.json("GET", "/v1/dead-letters/run_x", 404, FakeGateway.error("dead_letter_not_found", "no dead letter for run_x"));
        assertThatThrownBy(() -> client.deadLetter("run_x").get(10, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(ErrorText.of(e)).isEqualTo("no dead letter for run_x"));
    }

    @Test
    void theResilienceViewListsEachNodesCountersAndTheRecentEventsOfEveryType() throws Exception {
        node.json("GET", "/v1/resilience", 200, ContractJson.resilience());
        ResilienceInfo info = client.resilience().get(10, TimeUnit.SECONDS);
        assertThat(info.nodes()).extracting(NodeResilience::nodeId).containsExactly("n1", "n2");
        assertThat(info.nodes().getFirst().retries()).isEqualTo(12);
        assertThat(info.recent()).hasSize(5);
        FleetEvent scaled = info.recent().get(3);
        assertThat(scaled.type()).isEqualTo(FleetEvent.POOL_SCALED);
        assertThat(scaled.from()).isEqualTo("4"); // a number here, a model or a breaker state elsewhere
        assertThat(scaled.size()).isEqualTo(6);
        FleetEvent retried = info.recent().get(2);
        assertThat(retried.waitMs()).isEqualTo(1200);
        assertThat(retried.attempt()).isEqualTo(1);
        assertThat(retried.isRun()).isFalse();
        assertThat(info.recent().get(4).isResilience()).isFalse(); // a type from a newer node: read, not listed
    }

    @Test
    void aRunCarriesItsTimelineTheModelThatAnsweredAndWhyItFellBack() throws Exception {
        node.json("GET", "/v1/runs/run_t", 200, ContractJson.runWithTimeline("run_t"));
        RunInfo run = client.getRun("run_t").get(10, TimeUnit.SECONDS);
        assertThat(run.model()).isEqualTo("simulated/primary");
        assertThat(run.fallbackReason()).isEqualTo("breaker of openai/gpt-4o open");
        assertThat(run.deliveries()).isEqualTo(1);
        assertThat(run.timeline()).extracting(RunInfo.TimelineEntry::kind).containsExactly("queued", "started", "attempt",
                "retry", "wait", "breaker_open", "fallback", "attempt", "succeeded", "teleported");
        assertThat(run.timeline().get(3).durationMs()).isEqualTo(1200);
    }
}
