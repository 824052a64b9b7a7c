package dev.flotilla.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.TestNodes;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.runtime.FleetRuntime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FleetClient against a real node over real HTTP. */
class FleetClientTest {

    static FleetRuntime node;
    static FleetClient client;
    static ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start() {
        node = TestNodes.start("client-test");
        client = new FleetClient(node.baseUrl(), new ApiKey(node.adminKey()));
    }

    @AfterAll
    static void stop() {
        client.close();
        node.close();
        scheduler.shutdownNow();
    }

    @Test
    void aSubmittedRunSucceedsWithOutputAndUsage() throws Exception {
        RunSubmitted submitted = client.runs().submit("assistant", "Say hello", null).get(10, TimeUnit.SECONDS);
        assertThat(submitted.status()).isEqualTo(RunStatus.QUEUED);

        RunInfo run = pollUntilFinished(submitted.runId());
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.output()).isNotBlank();
        assertThat(run.usage().totalTokens()).isPositive();
        assertThat(run.node()).isEqualTo("client-test");
        assertThat(run.createdAt()).isNotNull();
        assertThat(client.runs().list(RunStatus.SUCCEEDED, 50).get(10, TimeUnit.SECONDS))
                .extracting(RunInfo::id).contains(submitted.runId());
    }

    @Test
    void aRefusedRequestCarriesTheServersCodeAndMessage() {
        assertThatThrownBy(() -> client.runs().submit("nobody", "hi", null).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(FleetApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("unknown_agent");
                    assertThat(e.getMessage()).contains("nobody");
                });
        assertThatThrownBy(() -> client.runs().get("run_missing").get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(FleetApiException.class, e -> assertThat(e.code()).isEqualTo("run_not_found"));
    }

    @Test
    void scalingChangesThePoolTheFleetReports() throws Exception {
        ScaledPool scaled = client.fleet().scale("assistant", 3).get(10, TimeUnit.SECONDS);
        assertThat(scaled.pool().size()).isEqualTo(3);
        assertThat(scaled.servedBy()).isEqualTo("client-test");
        FleetInfo fleet = client.fleet().get().get(10, TimeUnit.SECONDS);
        assertThat(fleet.servedBy()).isEqualTo("client-test");
        assertThat(fleet.node("client-test").flatMap(n -> n.pool("assistant")).orElseThrow().size()).isEqualTo(3);
        assertThat(fleet.agents()).contains("assistant");
        assertThat(fleet.anySimulated()).isTrue();
        client.fleet().scale("assistant", 4).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWrongKeyIsRejectedAsUnauthorized() {
        try (FleetClient wrong = new FleetClient(node.baseUrl(), new ApiKey("wrong-key"))) {
            assertThatThrownBy(() -> wrong.fleet().get().get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(FleetApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }

    @Test
    void theEventStreamConnectsAndDeliversRunEvents() throws Exception {
        List<FleetEvent> events = new CopyOnWriteArrayList<>();
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        try (EventStream stream = client.events().open(events::add, states::add, scheduler)) {
            waitFor(10, TimeUnit.SECONDS, () -> stream.state() instanceof ConnectionState.Connected);
            String id = client.runs().submit("assistant", "events please", null).get(10, TimeUnit.SECONDS).runId();
            waitFor(15, TimeUnit.SECONDS, () -> events.stream()
                    .anyMatch(e -> id.equals(e.runId()) && FleetEvent.RUN_SUCCEEDED.equals(e.type())));
            FleetEvent done = events.stream().filter(e -> id.equals(e.runId()) && e.isRunFinished()).findFirst().orElseThrow();
            assertThat(done.durationMs()).isNotNull();
            assertThat(done.totalTokens()).isPositive();
            assertThat(states.getFirst()).isInstanceOf(ConnectionState.Connecting.class);
        }
    }

    @Test
    void aRejectedKeyFailsTheStreamWithoutRetrying() throws Exception {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        try (FleetClient wrong = new FleetClient(node.baseUrl(), new ApiKey("wrong-key"));
             EventStream stream = wrong.events().open(e -> { }, states::add, scheduler)) {
            waitFor(10, TimeUnit.SECONDS, () -> stream.state() instanceof ConnectionState.Failed);
            assertThat(stream.state()).isEqualTo(new ConnectionState.Failed(EventStream.KEY_REJECTED));
            assertThat(stream.state().label()).contains("API key rejected").contains("add it again");
            assertThat(states).noneMatch(s -> s instanceof ConnectionState.Reconnecting);
        }
    }

    @Test
    void aLostNodeShowsAsReconnectingAndTheStreamComesBackWithTheNode() throws Exception {
        // the fleet's Redis lives in `node`, so the node under test can go away and come back on its port
        FleetRuntime first = TestNodes.fast("comes-back", TestNodes.KEY).redisUrl(node.redisUrl()).build().start();
        int port = first.port();
        try (FleetClient c = new FleetClient(first.baseUrl(), new ApiKey(TestNodes.KEY));
             EventStream stream = c.events().open(e -> { }, s -> { }, scheduler)) {
            waitFor(10, TimeUnit.SECONDS, () -> stream.state() instanceof ConnectionState.Connected);
            first.close();
            waitFor(15, TimeUnit.SECONDS, () -> stream.state() instanceof ConnectionState.Reconnecting);
            first = TestNodes.fast("comes-back", TestNodes.KEY).redisUrl(node.redisUrl()).port(port).build().start();
            waitFor(20, TimeUnit.SECONDS, () -> stream.state() instanceof ConnectionState.Connected);
        } finally {
            first.close();
        }
    }

    private static RunInfo pollUntilFinished(String id) throws Exception {
        RunInfo[] last = new RunInfo[1];
        waitFor(15, TimeUnit.SECONDS, () -> {
            last[0] = client.runs().get(id).get(5, TimeUnit.SECONDS);
            return !last[0].status().active();
        });
        return last[0];
    }
}
