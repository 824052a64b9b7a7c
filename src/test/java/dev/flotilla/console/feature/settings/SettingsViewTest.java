package dev.flotilla.console.feature.settings;

import static dev.flotilla.console.FxStage.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.ContractJson;
import dev.flotilla.console.FxStage;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Theme;
import dev.flotilla.console.session.FleetSession;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.layout.StackPane;
import org.controlsfx.control.PropertySheet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** The settings page's property sheet (ControlsFX) in a real headless window. */
class SettingsViewTest {

    private final FxRobot robot = new FxRobot();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(Runnable::run);
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.DARK);
    // never started: the sheet only needs a fleet to belong to, and its snapshot comes from the test
    private final FleetSession session = new FleetSession(new FleetTarget(new FleetDescriptor("f", "Lab", "http://127.0.0.1:9",
            FleetKind.REMOTE), new ApiKey("k")), scheduler, Runnable::run, Clock.systemUTC());

    @AfterEach
    void close() throws Exception {
        FxToolkit.hideStage();
        session.close();
        background.close();
        scheduler.shutdownNow();
    }

    @Test
    void theSheetGroupsTheConsolesAndTheFleetsSettingsAndEditsThem() throws Exception {
        StackPane window = FxStage.show();
        SettingsViewModel model = new SettingsViewModel(background, theme);
        FleetInfo info = Json.MAPPER.readValue(ContractJson.fleet(), FleetInfo.class);
        robot.interact(() -> {
            window.getChildren().setAll(new SettingsView(model).root());
            model.setSession(session);
            model.onSignals(List.of(new FleetSnapshot(info, Instant.now())));
        });
        // one sheet per group, every group open: the console's, then the fleet's
        List<PropertySheet> sheets = robot.lookup(".settings-sheet").queryAllAs(PropertySheet.class).stream().toList();
        assertThat(sheets).hasSize(2);
        assertThat(sheets.get(0).getItems()).extracting(PropertySheet.Item::getName).containsExactly("Theme");
        assertThat(sheets.get(1).getItems()).extracting(PropertySheet.Item::getName)
                .containsExactly("Demo traffic", "Pool assistant", "Pool triage");
        assertThat(robot.lookup(".section-title").queryAllAs(javafx.scene.control.Label.class).stream().map(l -> l.getText()).toList())
                .containsExactly("This console", "Lab");
        assertThat(robot.lookup("#settings-fleet").queryLabeled().getText())
                .isEqualTo("Lab: its settings go to node n1, the node at http://127.0.0.1:9");
        PropertySheet sheet = sheets.get(1);
        Button apply = robot.lookup("#settings-apply").queryButton();
        assertThat(apply.isDisabled()).isTrue();

        // the theme's editor is a choice of the two themes, and the console's theme follows it at once
        // the sheet makes its editors when it is first laid out
        waitUntil(10, () -> robot.lookup(".property-sheet .combo-box").tryQuery().isPresent());
        ComboBox<Theme> themes = robot.lookup(".property-sheet .combo-box").queryComboBox();
        robot.interact(() -> themes.getSelectionModel().select(Theme.LIGHT));
        assertThat(theme.get()).isEqualTo(Theme.LIGHT);
        assertThat(apply.isDisabled()).isTrue();

        // a fleet's value edited through the sheet waits for Apply
        robot.interact(() -> sheet.getItems().stream().filter(i -> i.getName().equals("Pool triage")).findFirst()
                .orElseThrow().setValue(6.0));
        waitUntil(10, () -> !apply.isDisabled());
        robot.clickOn("#settings-revert");
        waitUntil(10, () -> apply.isDisabled());
        assertThat(sheet.getItems().stream().filter(i -> i.getName().equals("Pool triage")).findFirst().orElseThrow().getValue())
                .isEqualTo(4);
    }
}
