package dev.flotilla.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.ContractJson;
import dev.flotilla.console.MutableClock;
import dev.flotilla.console.feature.overview.OverviewView;
import dev.flotilla.console.feature.overview.OverviewViewModel;
import dev.flotilla.console.feature.overview.TileFactory;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fx.Theme;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.text.Text;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The overview's tiles as an operator sees them, headless: no figure is shown before it was measured. */
class OverviewTilesUiTest {

    private final FxRobot robot = new FxRobot();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void beforeTheFirstFiguresTilesShowADashThatWaitsForDataNotAZero() throws Exception {
        OverviewViewModel vm = WaitForAsyncUtils.asyncFx(() -> new OverviewViewModel(clock)).get(30, TimeUnit.SECONDS);
        FxToolkit.setupStage(stage -> {
            stage.setScene(new Scene(new OverviewView(vm, new SimpleObjectProperty<>(Theme.DARK)).root(), 1100, 760));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        for (String tile : List.of(TileFactory.RUNS_PER_SECOND, TileFactory.P50, TileFactory.BUSY, TileFactory.QUEUE)) {
            assertThat(texts(tile)).as(tile).contains(TileFactory.NO_FIGURE, OverviewViewModel.WAITING).doesNotContain("0", "0.0");
        }

        FleetInfo info = Json.MAPPER.readValue(ContractJson.fleet(), FleetInfo.class);
        WaitForAsyncUtils.asyncFx(() -> vm.onSignals(List.of(new FleetSnapshot(info, clock.instant())))).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(texts(TileFactory.BUSY)).contains("6", "running a run now").doesNotContain(TileFactory.NO_FIGURE);
        assertThat(texts(TileFactory.RUNS_PER_SECOND)).contains("0.0").doesNotContain(TileFactory.NO_FIGURE);
        // the fleet answered, but no run finished: a latency of nothing is no figure either
        assertThat(texts(TileFactory.P50)).contains(TileFactory.NO_FIGURE, OverviewViewModel.NO_RUNS_FINISHED);
    }

    /** Every text a tile draws, read on the FX thread. */
    private List<String> texts(String tileId) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Node tile = robot.lookup("#" + tileId).query();
            return tile.lookupAll("*").stream()
                    .map(n -> n instanceof Text t ? t.getText() : n instanceof javafx.scene.control.Label l ? l.getText() : null)
                    .filter(t -> t != null && !t.isBlank()).map(String::strip).toList();
        }).get(30, TimeUnit.SECONDS);
    }
}
