package dev.flotilla.console.feature.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.Await;
import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.FakeGateway;
import dev.flotilla.console.PoisonTool;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.DeadLetter;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fleet.RunStatus;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Confirmation;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.runtime.FleetRuntime;
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
 * The dead letters page's state without a window, on a real node whose parser agent's tool crashes
 * on "poison": each such run fails its one delivery and becomes a dead letter. Only a fleet too old
 * to keep dead letters is played by {@link FakeGateway}.
 */
class DeadLettersViewModelTest {

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private final PoisonTool tool = new PoisonTool();
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private FleetRuntime node;
    private FleetClient client;

    @BeforeEach
    void fleet() {
        node = TestNodes.troubled("dl-node", tool).build().start();
        client = new FleetClient(node.baseUrl(), new ApiKey(TestNodes.KEY));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
        client.close();
        node.close();
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    private FleetSession session(String url, String key) {
        FleetTarget t = new FleetTarget(new FleetDescriptor("f", "Fleet", url, FleetKind.REMOTE), new ApiKey(key));
        FleetSession s = new FleetSession(t, scheduler, fx, Clock.systemUTC()).start();
        opened.add(s);
        return s;
    }

    private String poisonRun(String input) throws Exception {
        RunInfo run = Await.run(client, TestNodes.PARSER, input);
        assertThat(run.error().code()).isEqualTo(DeadLetter.DEAD_LETTERED);
        return run.id();
    }

    /** The page once it lists {@code count} dead letters. */
    private DeadLettersViewModel shown(int count) throws Exception {
        DeadLettersViewModel vm = fx.call(() -> new DeadLettersViewModel(background));
        FleetSession s = session(node.baseUrl(), TestNodes.KEY);
        fx.run(() -> vm.setSession(s));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.letters().size() == count));
        return vm;
    }

    @Test
    void oneIsInspectedInFullThenReplayedOnceFixedAndTheListRefreshes() throws Exception {
        String first = poisonRun("poison in the first report");
        String second = poisonRun("poison in the second report");
        DeadLettersViewModel vm = shown(2);
        assertThat(fx.call(() -> vm.countProperty().get())).isEqualTo(2);
        assertThat(fx.call(() -> vm.letters().stream().map(DeadLetter::runId).toList())).containsExactly(second, first);

        fx.run(() -> vm.select(first));
        DeadLetter d = fx.call(() -> vm.detailProperty().get());
        assertThat(d.input()).isEqualTo("poison in the first report");
        assertThat(d.agent()).isEqualTo(TestNodes.PARSER);
        assertThat(d.lastErrorCode()).isEqualTo("internal_error");
        assertThat(d.errors()).extracting(DeadLetter.DeliveryError::message)
                .containsExactly("IllegalStateException: the parser cannot digest this input");

        Confirmation c = fx.call(() -> vm.replayConfirmation(first).orElseThrow());
        assertThat(c.question()).isEqualTo("Replay run " + first + "?");
        assertThat(c.consequence()).startsWith("It goes back in line for agent parser with its delivery count reset"
                + " (1 delivery failed, last with internal_error)");

        tool.fix(); // what made it fail is gone
        fx.run(() -> vm.replay(first));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.letters().size() == 1));
        assertThat(fx.call(() -> vm.messageProperty().get())).isEqualTo("Run " + first + " is queued again");
        assertThat(fx.call(() -> vm.selectedIdProperty().get())).isNull(); // it is no dead letter any more
        assertThat(fx.call(() -> vm.countProperty().get())).isEqualTo(1);
        assertThat(Await.ended(client, first).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aRunReplayedWhileItsCauseIsStillThereComesBack() throws Exception {
        String id = poisonRun("poison");
        DeadLettersViewModel vm = shown(1);
        fx.run(() -> vm.replay(id));
        // replayed, failed again, dead-lettered again: the deadletter.* events bring the list back to one
        waitFor(20, TimeUnit.SECONDS, () -> fx.call(() -> vm.letters().size() == 1 && vm.letters().getFirst().deliveries() == 2));
        DeadLetter again = fx.call(() -> vm.letters().getFirst());
        assertThat(again.runId()).isEqualTo(id);
        assertThat(again.failedDeliveries()).isEqualTo(1); // since the replay
        assertThat(again.errors()).hasSize(2); // the history keeps both
    }

    @Test
    void discardingForgetsTheEntryAndSaysTheRunStaysFailed() throws Exception {
        poisonRun("poison one");
        String two = poisonRun("poison two");
        DeadLettersViewModel vm = shown(2);
        fx.run(() -> vm.select(two));
        Confirmation c = fx.call(() -> vm.discardConfirmation(two).orElseThrow());
        assertThat(c.consequence()).contains("never tried again").contains("stays failed").endsWith("This cannot be undone.");
        fx.run(() -> vm.discard(two));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.letters().size() == 1));
        assertThat(fx.call(() -> vm.messageProperty().get())).isEqualTo("Dead letter of run " + two + " discarded; the run stays failed");
        assertThat(client.runs().get(two).get(10, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void selectingAnEntryGoneMeanwhileIsNoErrorTheListJustCatchesUp() throws Exception {
        poisonRun("poison one");
        String two = poisonRun("poison two");
        DeadLettersViewModel vm = shown(2);
        client.deadLetters().discard(two).get(10, TimeUnit.SECONDS); // another console, before this page heard
        fx.run(() -> vm.select(two)); // its detail is fetched: the fleet answers 404
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.letters().size() == 1 && vm.selectedIdProperty().get() == null));
        assertThat(fx.call(() -> vm.messageIsErrorProperty().get())).isFalse();
    }

    @Test
    void anEntryGoneMeanwhileSaysSoAndTheListCatchesUp() throws Exception {
        poisonRun("poison one");
        String two = poisonRun("poison two");
        DeadLettersViewModel vm = shown(2);
        // another console discards it; this page has not heard yet when the operator acts
        assertThat(fx.call(() -> {
            client.deadLetters().discard(two).get(10, TimeUnit.SECONDS);
            vm.discard(two);
            return vm.letters().size();
        })).isEqualTo(2);
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.messageIsErrorProperty().get() && vm.letters().size() == 1));
        assertThat(fx.call(() -> vm.messageProperty().get())).isEqualTo("Discarding run " + two + " failed: no dead letter for run '" + two + "'");
        assertThat(fx.call(() -> vm.canActBinding().get())).isFalse(); // nothing selected
    }

    @Test
    void aRunDeadLetteredWhileThePageShowsComesToTheTopOfTheList() throws Exception {
        poisonRun("poison one");
        DeadLettersViewModel vm = shown(1);
        String fresh = poisonRun("poison two");
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.letters().size() == 2));
        assertThat(fx.call(() -> vm.letters().getFirst().runId())).isEqualTo(fresh);
        assertThat(fx.call(() -> vm.countProperty().get())).isEqualTo(2);
    }

    @Test
    void aFleetTooOldForDeadLettersSaysSo() throws Exception {
        FakeGateway old = new FakeGateway(); // no /v1/dead-letters: the bare 404 of its router
        opened.add(old);
        DeadLettersViewModel vm = fx.call(() -> new DeadLettersViewModel(background));
        FleetSession s = session(old.url(), FakeGateway.KEY);
        fx.run(() -> vm.setSession(s));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> DeadLettersViewModel.UNSUPPORTED.equals(vm.emptyTextProperty().get())));
    }
}
