package dev.flotilla.console.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.ConsolePages;
import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.feature.agents.AgentsPage;
import dev.flotilla.console.feature.agents.AgentsViewModel;
import dev.flotilla.console.feature.overview.OverviewPage;
import dev.flotilla.console.feature.overview.OverviewViewModel;
import dev.flotilla.console.feature.runs.RunsPage;
import dev.flotilla.console.feature.runs.RunsViewModel;
import dev.flotilla.console.feature.sidebar.FleetEntry;
import dev.flotilla.console.feature.sidebar.SidebarViewModel;
import dev.flotilla.console.fleet.FleetStore;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Theme;
import dev.flotilla.console.page.PageContext;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell, the sidebar and the page models wired as in the console, without a window or a fleet. */
class ShellViewModelTest {

    private static final String IN_USE = "the local fleet did not start (another Flotilla node or console is using /data/flotilla;"
            + " stop it, or give this one another data folder)";

    @TempDir
    Path config;

    private final FakeFxThread fx = new FakeFxThread();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private SidebarViewModel sidebar;
    private ShellViewModel shell;
    private OpenPages pages;

    @BeforeEach
    void wire() throws Exception {
        fx.run(() -> {
            sidebar = new SidebarViewModel(new FleetStore(config), background, target -> {
                throw new AssertionError("nothing here connects to a fleet");
            });
            shell = new ShellViewModel(sidebar, background, Theme.DARK);
            pages = ConsolePages.registry().open(new PageContext(background, Clock.systemUTC(), shell.themeProperty())).follow(shell);
        });
    }

    @AfterEach
    void stop() {
        background.close();
        fx.close();
    }

    @Test
    void aLocalFleetThatFailedToStartIsNamedWithItsReasonAndSaysItIsNotRunning() throws Exception {
        FleetEntry local = fx.call(() -> sidebar.addLocalStarting());
        // while it starts the sidebar says so and there is no URL to show yet
        assertThat(fx.call(() -> local.urlTextProperty().get())).isEmpty();
        assertThat(fx.call(() -> shell.stateTextProperty().get())).isEqualTo("starting the local fleet…");

        fx.run(() -> sidebar.localFailed(local, IN_USE));
        assertThat(fx.call(() -> local.stateTextProperty().get())).isEqualTo("failed: " + IN_USE);
        assertThat(fx.call(() -> local.urlTextProperty().get())).isEqualTo(FleetEntry.NOT_RUNNING);
        assertThat(fx.call(() -> shell.fleetNameProperty().get())).isEqualTo("Local fleet");
        assertThat(fx.call(() -> shell.stateTextProperty().get())).isEqualTo("failed: " + IN_USE);
        assertThat(fx.call(() -> shell.urlProperty().get())).isEqualTo(FleetEntry.NOT_RUNNING);
    }

    @Test
    void theAgentsPageOfALocalFleetThatFailedToStartSaysWhyInsteadOfWaitingForNodes() throws Exception {
        assertThat(fx.call(() -> pages.model(AgentsViewModel.class).emptyTextBinding().get())).startsWith("No fleet selected");
        FleetEntry local = fx.call(() -> sidebar.addLocalStarting());
        assertThat(fx.call(() -> pages.model(AgentsViewModel.class).emptyTextBinding().get())).isEqualTo("Connecting to this fleet…");
        fx.run(() -> sidebar.localFailed(local, IN_USE));
        assertThat(fx.call(() -> pages.model(AgentsViewModel.class).emptyTextBinding().get())).isEqualTo("Can't reach this fleet: " + IN_USE);
    }

    @Test
    void theRunsPageOfALocalFleetThatFailedToStartSaysItIsNotRunning() throws Exception {
        assertThat(fx.call(() -> pages.model(RunsViewModel.class).emptyTextBinding().get())).startsWith("No fleet selected");
        FleetEntry local = fx.call(() -> sidebar.addLocalStarting());
        fx.run(() -> sidebar.localFailed(local, IN_USE));
        assertThat(fx.call(() -> pages.model(RunsViewModel.class).emptyTextBinding().get())).isEqualTo("This fleet is not running: " + IN_USE);
    }

    @Test
    void theOverviewIsRecomputedOnlyWhileItsPageIsShown() throws Exception {
        assertThat(fx.call(() -> pages.model(OverviewViewModel.class).shownProperty().get())).isTrue();
        fx.run(() -> shell.show(AgentsPage.DESCRIPTOR));
        assertThat(fx.call(() -> pages.model(OverviewViewModel.class).shownProperty().get())).isFalse();
        fx.run(() -> shell.show(RunsPage.DESCRIPTOR));
        assertThat(fx.call(() -> pages.model(OverviewViewModel.class).shownProperty().get())).isFalse();
        fx.run(() -> shell.show(OverviewPage.DESCRIPTOR));
        assertThat(fx.call(() -> pages.model(OverviewViewModel.class).shownProperty().get())).isTrue();
    }
}
