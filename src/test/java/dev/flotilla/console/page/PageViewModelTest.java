package dev.flotilla.console.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.ConnectionState;
import dev.flotilla.console.fleet.FleetApiException;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The life every page shares, on a page of its own: fleet switching, one load at a time with stale
 * answers fetched again, the message line and notices, reconnects and shown/hidden. The fetches
 * are futures the test completes, and callbacks run on the test's thread, so nothing waits.
 */
class PageViewModelTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor direct = new BackgroundExecutor(Runnable::run);
    // sessions that are never started: the page only needs fleets to belong to
    private final FleetSession a = session("a");
    private final FleetSession b = session("b");
    private final Page page = new Page(direct);

    @AfterEach
    void close() {
        a.close();
        b.close();
        direct.close();
        scheduler.shutdownNow();
    }

    private FleetSession session(String id) {
        return new FleetSession(new FleetTarget(new FleetDescriptor(id, id, "http://127.0.0.1:9", FleetKind.REMOTE), new ApiKey("k")),
                scheduler, Runnable::run, Clock.systemUTC());
    }

    @Test
    void aFleetSwitchDropsTheOldFleetsAnswerAndTheNewFleetLoadsWithTheLatestWishWinning() {
        assertThat(page.list.stateProperty().get()).isEqualTo(FleetLoad.State.IDLE);
        page.setSession(a);
        assertThat(page.list.stateProperty().get()).isEqualTo(FleetLoad.State.LOADING);
        page.setSession(b);
        assertThat(page.fetches).extracting(Fetch::session).containsExactly(a, b);
        assertThat(page.list.stateProperty().get()).isEqualTo(FleetLoad.State.LOADING);

        page.fetches.get(0).answer.complete("a's list"); // too late: the page shows b now
        assertThat(page.shown).isEmpty();
        assertThat(page.list.stateProperty().get()).isEqualTo(FleetLoad.State.LOADING);

        page.list.request(); // something changed while b's first answer is out
        assertThat(page.list.stale()).isTrue();
        assertThat(page.fetches).hasSize(2); // one request at a time

        page.fetches.get(1).answer.complete("b's list, before");
        // the stale answer is still shown (a busy fleet must not starve the page), and the fetch runs again
        assertThat(page.shown).containsExactly("b's list, before");
        assertThat(page.list.stateProperty().get()).isEqualTo(FleetLoad.State.LOADED);
        assertThat(page.fetches).hasSize(3);
        assertThat(page.fetches.get(2).session()).isSameAs(b);
        assertThat(page.list.stale()).isFalse();

        page.fetches.get(2).answer.complete("b's list, now");
        assertThat(page.shown).containsExactly("b's list, before", "b's list, now");
        assertThat(page.list.loading()).isFalse();
        assertThat(page.fetches).hasSize(3);
    }

    @Test
    void aFailureIsShownUnlessANewerAnswerIsAlreadyOnItsWay() {
        page.setSession(a);
        page.list.request();
        page.fetches.get(0).answer.completeExceptionally(new FleetApiException(503, "store_unavailable", "the store is down"));
        assertThat(page.failures).isEmpty(); // stale: fetched again instead
        assertThat(page.fetches).hasSize(2);
        page.fetches.get(1).answer.completeExceptionally(new FleetApiException(503, "store_unavailable", "the store is down"));
        assertThat(page.failures).containsExactly("the store is down");
        assertThat(page.list.stateProperty().get()).isEqualTo(FleetLoad.State.FAILED);
    }

    @Test
    void anAnswerToACommandOfAFleetTheOperatorLeftIsDroppedAndTheMessageLineStartsOver() {
        List<Notice> notices = new ArrayList<>();
        page.setNoticeSink(notices::add);
        page.setSession(a);
        CompletableFuture<String> scaled = new CompletableFuture<>();
        page.command(scaled);
        assertThat(page.messageProperty().get()).isEqualTo("Working…");

        page.setSession(b);
        assertThat(page.messageProperty().get()).isEmpty();
        scaled.complete("done");
        assertThat(page.messageProperty().get()).isEmpty(); // a's answer does not speak on b's page

        CompletableFuture<String> failing = new CompletableFuture<>();
        page.command(failing);
        failing.completeExceptionally(new FleetApiException(409, "conflict", "no"));
        assertThat(page.messageProperty().get()).isEqualTo("Failed: no");
        assertThat(page.messageIsErrorProperty().get()).isTrue();
        assertThat(notices).containsExactly(Notice.error("Failed: no"));
    }

    @Test
    void theFleetComingBackIsNoticedOnceWhetherTheShellOrTheStreamSaysItFirst() {
        page.setSession(a); // a never started: connecting
        assertThat(page.connectionProperty().get()).isEqualTo(ConnectionState.CONNECTING);
        page.setConnection(ConnectionState.CONNECTED); // the shell's sidebar entry heard it first
        page.onSignals(List.of(ConnectionState.CONNECTED)); // then the page's own batch
        assertThat(page.reconnects).isEqualTo(1);
        page.onSignals(List.of(new ConnectionState.Reconnecting("connection refused"), ConnectionState.CONNECTED));
        assertThat(page.reconnects).isEqualTo(2);
        page.setSession(null);
        page.setConnection(new ConnectionState.Failed("the local fleet did not start"));
        page.setConnection(ConnectionState.CONNECTED);
        assertThat(page.reconnects).as("no fleet shown, nothing to catch up on").isEqualTo(2);
    }

    @Test
    void showingAndHidingIsToldOncePerChange() {
        assertThat(page.shownProperty().get()).isTrue(); // a page on its own computes
        page.setShown(false);
        page.setShown(false);
        page.setShown(true);
        assertThat(page.shownChanges).containsExactly(false, true);
    }

    record Fetch(FleetSession session, CompletableFuture<String> answer) {}

    /** A page with one list to load and one command, recording what the base hands it. */
    static final class Page extends PageViewModel {
        final List<Fetch> fetches = new ArrayList<>();
        final List<String> shown = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        final List<Boolean> shownChanges = new ArrayList<>();
        final FleetLoad<String> list;
        int reconnects;

        Page(BackgroundExecutor background) {
            super(background);
            list = load(s -> {
                Fetch f = new Fetch(s, new CompletableFuture<>());
                fetches.add(f);
                return f.answer();
            }, shown::add, e -> failures.add(e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }

        @Override
        protected void onSession(FleetSession next) {
            list.request();
        }

        @Override
        protected void handle(List<FleetSignal> batch) {}

        @Override
        protected void onReconnected() {
            reconnects++;
        }

        @Override
        protected void onShown(boolean now) {
            shownChanges.add(now);
        }

        void command(CompletableFuture<String> call) {
            showMessage("Working…");
            onAnswer(session(), call, this::showMessage,
                    e -> actionFailed("Failed: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())));
        }
    }
}
