package dev.flotilla.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.MutableClock;
import dev.flotilla.console.feature.runs.PromptViewModel;
import dev.flotilla.console.feature.runs.RunsPage;
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
import javafx.stage.Stage;
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
    void runIdsShowWholeWhenTheTableHasRoomAndNothingElseIsCutForThem() throws Exception {
        // "run_", eight base-36 digits of time and up to twelve of chance, as a node writes them; wide letters in one
        List<String> ids = List.of("run_mx7vsvlo1dy3zwb7xgguq", "run_mx7tis56wmwmwmwmwmwm", "run_mx7tis56tbkboke1f47q");
        Stage stage = FxToolkit.registerPrimaryStage(); // here, not on the FX thread it waits for
        RunsViewModel vm = WaitForAsyncUtils.asyncFx(() -> {
            RunsViewModel runs = new RunsViewModel(background, new MutableClock(Instant.parse("2026-11-27T12:00:00Z")));
            RunsView view = new RunsView(runs, new PromptViewModel(background, runs));
            Scene scene = new Scene(view.root(), 1280 - SIDEBAR, 760);
            // the console's own sheets: the table's 12 px cells are what the ids must fit in
            Theme.DARK.stylesheets(List.of(RunsPage.DESCRIPTOR.styleSheet())).forEach(sheet -> scene.getStylesheets().add(RunsView.class.getResource(sheet).toExternalForm()));
            stage.setScene(scene);
            stage.show();
            return runs;
        }).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> {
            ids.forEach(id -> vm.trackSubmitted(id, "assistant", "hello", RunStatus.QUEUED));
            vm.rows().forEach(r -> r.nodeProperty().set("kc-node"));
        }).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(cellsOf(".run-id")).hasSize(3).allSatisfy(this::shownWhole);
        // the node names too, and the headers: nothing else was cut for the ids
        List<IndexedCell<?>> nodes = WaitForAsyncUtils.asyncFx(() -> robot.lookup("#runs-table .table-cell").queryAll().stream()
                .map(n -> (IndexedCell<?>) n).filter(c -> "kc-node".equals(c.getItem()))
                .<IndexedCell<?>>map(c -> c).toList()).get(30, TimeUnit.SECONDS);
        assertThat(nodes).hasSize(3).allSatisfy(this::shownWhole);
        List<String> headers = WaitForAsyncUtils.asyncFx(() -> robot.lookup("#runs-table .column-header .label").queryAll().stream()
                .map(n -> n.lookupAll("*").stream().filter(t -> t instanceof Text).map(t -> ((Text) t).getText())
                        .reduce("", String::concat)).toList()).get(30, TimeUnit.SECONDS);
        assertThat(headers).containsExactly("Run", "Agent", "Status", "Created", "Duration", "Tokens", "Node");
    }

    private List<IndexedCell<?>> cellsOf(String styleClass) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup("#runs-table .table-cell" + styleClass).queryAll().stream()
                .map(n -> (IndexedCell<?>) n).filter(c -> !c.isEmpty() && c.getItem() != null)
                .<IndexedCell<?>>map(c -> c).toList()).get(30, TimeUnit.SECONDS);
    }

    /** The cell draws its whole text, and its tooltip has it too for when the window is too narrow after all. */
    private void shownWhole(IndexedCell<?> cell) {
        try {
            String shown = WaitForAsyncUtils.asyncFx(() -> cell.lookupAll("*").stream().filter(n -> n instanceof Text)
                    .map(n -> ((Text) n).getText()).reduce("", String::concat)).get(30, TimeUnit.SECONDS);
            assertThat(shown).as("the text as the cell draws it").isEqualTo(cell.getItem());
            assertThat(cell.getTooltip().getText()).isEqualTo(cell.getItem());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
