package dev.flotilla.console.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.feature.sidebar.FleetEntry;
import dev.flotilla.console.feature.sidebar.SidebarViewModel;
import dev.flotilla.console.fleet.FleetStore;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Theme;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import org.controlsfx.control.MaskerPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** While the local fleet starts, the pages are covered by a spinner that says so; a failed start shows the pages' reasons. */
class StartingMaskTest {

    @TempDir
    Path config;

    private final BackgroundExecutor background = new BackgroundExecutor(Runnable::run);

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        background.close();
    }

    @Test
    void theMaskShowsOnlyWhileTheSelectedFleetIsBeingStarted() throws Exception {
        List<Object> seen = WaitForAsyncUtils.asyncFx(() -> {
            SidebarViewModel sidebar = new SidebarViewModel(new FleetStore(config), background, t -> {
                throw new AssertionError("nothing here connects to a fleet");
            });
            ShellViewModel shell = new ShellViewModel(sidebar, background, Theme.DARK);
            MaskerPane mask = (MaskerPane) ((StackPane) new StartingMask(shell).over(new Label("pages"))).getChildren().get(1);
            List<Object> out = new ArrayList<>();
            out.add(mask.isVisible()); // no fleet: the pages say so
            FleetEntry local = sidebar.addLocalStarting();
            out.add(mask.isVisible());
            out.add(mask.getText());
            sidebar.localFailed(local, "the port is taken");
            out.add(mask.isVisible()); // failed: each page says why
            return out;
        }).get(10, TimeUnit.SECONDS);
        assertThat(seen).containsExactly(false, true, "Starting the local fleet…", false);
    }
}
