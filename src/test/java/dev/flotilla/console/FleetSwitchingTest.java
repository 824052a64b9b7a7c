package dev.flotilla.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.feature.sidebar.RemoteFleetForm;
import dev.flotilla.console.feature.sidebar.SidebarViewModel;
import dev.flotilla.console.fleet.FleetStore;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Theme;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.console.shell.OpenPages;
import dev.flotilla.console.shell.ShellViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidebar, the shell and every page model wired as in the console, without a window: switching
 * fleets back and forth must not pile up subscriptions, and removing a fleet must close its session.
 */
class FleetSwitchingTest {

    @TempDir
    Path config;

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private final Clock clock = Clock.systemUTC();
    private final List<FleetSession> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        opened.forEach(FleetSession::close);
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    @Test
    void switchingFleetsManyTimesLeavesEachSessionWithOnlyTheSubscribersOfWhatShowsIt() throws Exception {
        OpenPages[] pages = new OpenPages[1];
        SidebarViewModel sidebar = fx.call(() -> {
            // sessions are not started: nothing here needs a node, only the wiring between pages and sessions
            SidebarViewModel s = new SidebarViewModel(new FleetStore(config), background, target -> {
                FleetSession session = new FleetSession(target, scheduler, fx, clock);
                opened.add(session);
                return session;
            });
            ShellViewModel shell = new ShellViewModel(s, background, Theme.DARK);
            pages[0] = ConsolePages.registry().open(new PageContext(background, clock, shell.themeProperty())).follow(shell);
            assertThat(s.addRemote(new RemoteFleetForm("A", "http://127.0.0.1:9", "key-a"))).isEmpty();
            assertThat(s.addRemote(new RemoteFleetForm("B", "http://127.0.0.2:9", "key-b"))).isEmpty();
            for (int i = 0; i < 200; i++) s.selectedProperty().set(s.fleets().get(i % 2));
            return s;
        });
        FleetSession a = opened.get(0);
        FleetSession b = opened.get(1);

        // B shows: its sidebar row, the shell and every page model (ten) follow it, and the overview records its
        // finished runs; A keeps its row, and the overview keeps recording A's runs so its chart is still there when
        // A shows again
        int pageModels = fx.call(() -> pages[0].all().stream().mapToInt(p -> p.models().size()).sum());
        assertThat(pageModels).isEqualTo(13);
        assertThat(b.signals().subscriberCount()).isEqualTo(2 + pageModels + 1);
        assertThat(a.signals().subscriberCount()).isEqualTo(2);

        fx.run(() -> sidebar.remove(sidebar.fleets().get(1)));
        waitFor(5, TimeUnit.SECONDS, () -> b.signals().subscriberCount() == 0);
        assertThat(fx.call(() -> sidebar.selectedProperty().get().descriptor().name())).isEqualTo("A");
        assertThat(a.signals().subscriberCount()).isEqualTo(2 + pageModels + 1); // the overview's recording of A, once
        // the removal is saved in the background: let it land before the temp folder is deleted
        Path saved = config.resolve("fleets.json");
        waitFor(5, TimeUnit.SECONDS, () -> Files.exists(saved) && !Files.readString(saved).contains("key-b"));
    }
}
