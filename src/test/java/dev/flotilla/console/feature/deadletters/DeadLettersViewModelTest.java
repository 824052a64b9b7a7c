package dev.flotilla.console.feature.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.ContractJson;
import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.FakeGateway;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.DeadLetter;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Confirmation;
import dev.flotilla.console.session.FleetSession;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dead letters page's state without a window. The runtime does not serve /v1/dead-letters yet,
 * so the node is a {@link FakeGateway} that keeps a list and acts on replay and discard as the
 * contract says: replace with the local fleet once the runtime serves /v1/dead-letters.
 */
class DeadLettersViewModelTest {

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private final FakeGateway gateway = new FakeGateway();
    private final List<String> letters = new CopyOnWriteArrayList<>(List.of("run_1", "run_2"));
    private FleetSession session;

    @BeforeEach
    void fleet() {
        gateway.json("GET", "/v1/fleet", 200, ContractJson.fleet());
        gateway.on("GET", "/v1/dead-letters", r -> new FakeGateway.Answer(200, ContractJson.deadLetters(letters.toArray(String[]::new))));
        for (String id : List.of("run_1", "run_2", "run_3")) {
            gateway.on("GET", "/v1/dead-letters/" + id, r -> letters.contains(id)
                    ? new FakeGateway.Answer(200, ContractJson.deadLetter(id, 3))
                    : new FakeGateway.Answer(404, FakeGateway.error("dead_letter_not_found", "no dead letter for " + id)));
            gateway.on("POST", "/v1/dead-letters/" + id + "/replay", r -> {
                letters.remove(id);
                return new FakeGateway.Answer(202, "{\"run_id\": \"" + id + "\", \"status\": \"queued\"}");
            });
            gateway.on("DELETE", "/v1/dead-letters/" + id, r -> letters.remove(id)
                    ? new FakeGateway.Answer(204, "")
                    : new FakeGateway.Answer(404, FakeGateway.error("dead_letter_not_found", "no dead letter for " + id)));
        }
        FleetTarget t = new FleetTarget(new FleetDescriptor("f", "Fleet", gateway.url(), FleetKind.REMOTE), new ApiKey(FakeGateway.KEY));
        session = new FleetSession(t, scheduler, fx, Clock.systemUTC()).start();
    }

    @AfterEach
    void stop() {
        session.close();
        gateway.close();
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    private DeadLettersViewModel shown() throws Exception {
        DeadLettersViewModel vm = fx.call(() -> new DeadLettersViewModel(background));
        fx.run(() -> vm.setSession(session));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.letters().size() == 2));
        return vm;
    }

    @Test
    void oneIsInspectedInFullThenReplayedAndTheListRefreshes() throws Exception {
        DeadLettersViewModel vm = shown();
        assertThat(fx.call(() -> vm.countProperty().get())).isEqualTo(2);
        fx.run(() -> vm.select("run_1"));
        waitFor(10, TimeUnit.SECONDS, () -> !gateway.requests("GET", "/v1/dead-letters/run_1").isEmpty());
        DeadLetter d = fx.call(() -> vm.detailProperty().get());
        assertThat(d.input()).isEqualTo("Summarise the incident report");
        assertThat(d.errors()).extracting(DeadLetter.DeliveryError::code).containsExactly("node_lost", "internal_error", "node_lost");

        Confirmation c = fx.call(() -> vm.replayConfirmation("run_1").orElseThrow());
        assertThat(c.question()).isEqualTo("Replay run run_1?");
        assertThat(c.consequence()).startsWith("It goes back in line for agent assistant with its delivery count reset"
                + " (3 deliveries failed, last with node_lost)");

        fx.run(() -> vm.replay("run_1"));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.letters().size() == 1));
        assertThat(gateway.writes()).extracting(FakeGateway.Request::method, FakeGateway.Request::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/v1/dead-letters/run_1/replay"));
        assertThat(fx.call(() -> vm.messageProperty().get())).isEqualTo("Run run_1 is queued again");
        assertThat(fx.call(() -> vm.selectedIdProperty().get())).isNull(); // it is no dead letter any more
        assertThat(fx.call(() -> vm.countProperty().get())).isEqualTo(1);
    }

    @Test
    void discardingForgetsTheEntryAndSaysTheRunStaysFailed() throws Exception {
        DeadLettersViewModel vm = shown();
        fx.run(() -> vm.select("run_2"));
        Confirmation c = fx.call(() -> vm.discardConfirmation("run_2").orElseThrow());
        assertThat(c.consequence()).contains("never tried again").contains("stays failed").endsWith("This cannot be undone.");
        fx.run(() -> vm.discard("run_2"));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.letters().size() == 1));
        assertThat(gateway.writes()).extracting(FakeGateway.Request::method).containsExactly("DELETE");
        assertThat(fx.call(() -> vm.messageProperty().get())).isEqualTo("Dead letter of run run_2 discarded; the run stays failed");
    }

    @Test
    void anEntryGoneMeanwhileSaysSoAndTheListCatchesUp() throws Exception {
        DeadLettersViewModel vm = shown();
        letters.remove("run_2"); // another console replayed it
        fx.run(() -> vm.discard("run_2"));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.messageIsErrorProperty().get() && vm.letters().size() == 1));
        assertThat(fx.call(() -> vm.messageProperty().get())).isEqualTo("Discarding run run_2 failed: no dead letter for run_2");
        assertThat(fx.call(() -> vm.canActBinding().get())).isFalse(); // nothing selected
    }

    @Test
    void aDeadLetterEventRefreshesTheList() throws Exception {
        DeadLettersViewModel vm = shown();
        waitFor(10, TimeUnit.SECONDS, () -> gateway.openStreams() == 1);
        letters.addFirst("run_3");
        gateway.emit("deadletter.added", "{\"type\": \"deadletter.added\", \"time\": \"2026-11-27T16:30:00Z\", \"node\": \"n1\","
                + " \"run_id\": \"run_3\", \"agent\": \"assistant\", \"deliveries\": 3, \"error_code\": \"node_lost\"}");
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.letters().size() == 3));
        assertThat(fx.call(() -> vm.letters().getFirst().runId())).isEqualTo("run_3");
    }

    @Test
    void aFleetTooOldForDeadLettersSaysSo() throws Exception {
        gateway.on("GET", "/v1/dead-letters", r -> new FakeGateway.Answer(404, FakeGateway.error("not_found", "Endpoint GET /v1/dead-letters not found")));
        DeadLettersViewModel vm = fx.call(() -> new DeadLettersViewModel(background));
        fx.run(() -> vm.setSession(session));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> DeadLettersViewModel.UNSUPPORTED.equals(vm.emptyTextProperty().get())));
    }
}
