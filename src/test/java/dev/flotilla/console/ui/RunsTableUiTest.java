package dev.flotilla.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.MutableClock;
import dev.flotilla.console.feature.runs.PromptViewModel;
import dev.flotilla.console.feature.runs.RunsView;
import dev.flotilla.console.feature.runs.RunsViewModel;
import dev.flotilla.console.fleet.RunStatus;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Theme;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.IndexedCell;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The runs table as an operator sees it, headless: a run id is whole wherever the table has room for it. */
class RunsTableUiTest {

    /** The page's width in a 1280-pixel window: what the sidebar leaves. */
    private static final int SIDEBAR = 240;

    private final FxRobot robot = new FxRobot();
    private final BackgroundExecutor background = new BackgroundExecutor(Platform::runLater);

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() {
        background.close();
    }

    @Test
    void runIdsOfTheLongestKindShowWholeWhenTheTableHasRoom() throws Exception {
        // "run_", eight base-36 digits of time and up to thirteen of chance; wide letters, as chance may give them
        List<String> ids = List.of("run_mx7tis561wmwmwmwmwmwmw", "run_mx7tis571mwmwmwmwmwmwm", "run_mx7tis58a1b2c3d4e5f6g");
        RunsViewModel vm = WaitForAsyncUtils.asyncFx(() -> {
            RunsViewModel runs = new RunsViewModel(background, new MutableClock(Instant.parse("2026-11-27T12:00:00Z")));
            RunsView view = new RunsView(runs, new PromptViewModel(background, runs));
            Scene scene = new Scene(view.root(), 1280 - SIDEBAR, 760);
            // the console's own sheets: the table's 12 px cells are what the ids must fit in
            Theme.DARK.stylesheets().forEach(sheet -> scene.getStylesheets().add(RunsView.class.getResource(sheet).toExternalForm()));
            FxToolkit.registerPrimaryStage().setScene(scene);
            FxToolkit.registerPrimaryStage().show();
            return runs;
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> ids.forEach(id -> vm.trackSubmitted(id, "assistant", "hello", RunStatus.QUEUED)))
                .get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();

        List<IndexedCell<?>> cells = WaitForAsyncUtils.asyncFx(() -> robot.lookup("#runs-table .table-cell.run-id").queryAll().stream()
                .map(n -> (IndexedCell<?>) n).filter(c -> !c.isEmpty() && c.getItem() != null)
                .<IndexedCell<?>>map(c -> c).toList()).get(10, TimeUnit.SECONDS);
        assertThat(cells).hasSize(3);
        for (IndexedCell<?> cell : cells) {
            String shown = WaitForAsyncUtils.asyncFx(() -> cell.lookupAll("*").stream().filter(n -> n instanceof Text)
                    .map(n -> ((Text) n).getText()).reduce("", String::concat)).get(10, TimeUnit.SECONDS);
            assertThat(shown).as("the id as the cell draws it").isEqualTo(cell.getItem());
        }
        // where the window is too narrow after all, the tooltip has the whole id
        assertThat(cells).allSatisfy(c -> assertThat(c.getTooltip().getText()).isEqualTo(c.getItem()));
    }
}
