package dev.flotilla.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.ConsoleApp;
import dev.flotilla.console.ConsoleOptions;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.feature.agents.AgentRow;
import dev.flotilla.console.feature.overview.TileFactory;
import dev.flotilla.console.feature.sidebar.FleetEntry;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetStore;
import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fleet.RunStatus;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.model.SimulatedModelConfig;
import eu.hansolo.tilesfx.Tile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.skin.ComboBoxListViewSkin;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real console scene, headless, against a real node started here: a fast simulated model
 * that never fails, and brisk demo traffic so the pages have live data.
 */
class ConsoleUiTest {

    private static FleetRuntime node;
    private static FleetClient client;

    @TempDir
    Path config;

    private ConsoleApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startNode() throws Exception {
        node = TestNodes.fast("ui-node", TestNodes.KEY).demoTraffic(true).demoInterval(Duration.ofMillis(150)).build().start();
        client = new FleetClient(node.baseUrl(), new ApiKey(node.adminKey()));
        FxToolkit.registerPrimaryStage();
    }

    @AfterAll
    static void stopNode() {
        client.close();
        node.close();
    }

    @BeforeEach
    void startConsole() throws Exception {
        app = (ConsoleApp) FxToolkit.setupApplication(
                () -> new ConsoleApp(ConsoleOptions.connectingTo(config, node.baseUrl(), node.adminKey())));
        waitUntil(15, () -> "connected".equals(text("#status-state")));
    }

    @AfterEach
    void stopConsole() throws Exception {
        FxToolkit.cleanupApplication(app);
        app.shutdown().get(20, TimeUnit.SECONDS);
    }

    @Test
    void theOverviewTilesShowLiveThroughputLatencyAndTokens() throws Exception {
        waitUntil(30, () -> tile(TileFactory.RUNS_PER_SECOND).getValue() > 0
                && tile(TileFactory.P50).getValue() > 0
                && tile(TileFactory.P99).getValue() >= tile(TileFactory.P50).getValue()
                && tile(TileFactory.TOKENS).getValue() > 0
                && tile(TileFactory.BUSY).getValue() + tile(TileFactory.IDLE).getValue() > 0);
        assertThat(tile(TileFactory.ERROR_RATE).getValue()).isZero();
        assertThat(robot.lookup("#overview-simulated").queryAs(Label.class).isVisible()).isTrue();
    }

    @Test
    void aRunSubmittedFromThePromptBoxSucceedsAndItsOutputShowsInTheDetailPane() throws Exception {
        // keyboard only: Ctrl+N opens the runs page with the prompt focused, Ctrl+Enter submits
        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        waitUntil(10, () -> robot.lookup("#prompt-input").queryAs(TextArea.class).isFocused());
        robot.write("Hello from the console test");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);

        waitUntil(20, () -> "succeeded".equals(text("#run-detail-status"))
                && !robot.lookup("#run-detail-output").queryAs(TextArea.class).getText().isBlank());
        String id = text("#run-detail-id");
        RunInfo run = client.runs().get(id).get(10, TimeUnit.SECONDS);
        assertThat(run.input()).isEqualTo("Hello from the console test");
        assertThat(robot.lookup("#run-detail-output").queryAs(TextArea.class).getText()).isEqualTo(run.output());
        assertThat(robot.lookup("#run-detail-simulated").queryAs(Label.class).isVisible()).isTrue();
        assertThat(robot.lookup("#prompt-input").queryAs(TextArea.class).getText()).isEmpty();
        // where it ran, how often it was tried, and where its time went
        assertThat(text("#run-detail-node")).isEqualTo("ui-node");
        assertThat(text("#run-detail-attempts")).isEqualTo("1");
        assertThat(text("#run-detail-ran-for")).isNotBlank();
        assertThat(text("#run-detail-queued-for")).isNotBlank();
    }

    @Test
    void tooltipsNameTheShortcutsEscapeClosesADialogAndTabLeavesThePrompt() throws Exception {
        assertThat(robot.lookup("#nav-runs").queryAs(ToggleButton.class).getTooltip().getText()).isEqualTo("Show Runs (Ctrl+3)");
        assertThat(robot.lookup("#theme-toggle").queryAs(Button.class).getTooltip().getText()).contains("Ctrl").contains("Shift").endsWith("+T)");

        robot.clickOn("#add-fleet");
        waitUntil(10, () -> robot.lookup("#fleet-url").tryQuery().map(Node::isFocused).orElse(false));
        robot.type(KeyCode.ESCAPE);
        waitUntil(10, () -> robot.lookup("#fleet-url").tryQuery().isEmpty());

        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        TextArea prompt = robot.lookup("#prompt-input").queryAs(TextArea.class);
        waitUntil(10, prompt::isFocused);
        robot.write("hi");
        robot.type(KeyCode.TAB);
        waitUntil(10, () -> !prompt.isFocused());
        assertThat(prompt.getText()).isEqualTo("hi");
    }

    @Test
    void afterAClickOnDemoTrafficTheFocusStaysOnIt() throws Exception {
        ToggleButton demo = robot.lookup("#demo-toggle").queryAs(ToggleButton.class);
        waitUntil(10, () -> demo.isSelected() && !demo.isDisabled()); // the fleet reports its demo traffic
        for (String now : new String[] {"off", "on"}) { // and back, for the other tests on this node
            robot.clickOn("#demo-toggle");
            waitUntil(10, () -> text("#status-message").startsWith("Demo traffic " + now));
            assertThat(demo.getScene().getFocusOwner()).as("focus after turning demo traffic " + now).isSameAs(demo);
        }
        // the toggle follows the node's report, which a poll started before the click may still contradict once
        waitUntil(10, demo::isSelected);
        assertThat(demo.isSelected()).isTrue();
    }

    @Test
    void ctrlQQuitsAsClosingTheWindowDoes() throws Exception {
        FxToolkit.cleanupApplication(app);
        app.shutdown().get(20, TimeUnit.SECONDS);
        CountDownLatch toolkitExit = new CountDownLatch(1);
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(
                ConsoleOptions.connectingTo(config, node.baseUrl(), node.adminKey()), toolkitExit::countDown));
        waitUntil(15, () -> "connected".equals(text("#status-state")));
        Node shell = robot.lookup("#shell").query();

        robot.press(KeyCode.CONTROL, KeyCode.Q).release(KeyCode.Q, KeyCode.CONTROL);
        assertThat(toolkitExit.await(20, TimeUnit.SECONDS)).as("the toolkit exits once all is closed").isTrue();
        assertThat(app.shutdown()).isDone();
        assertThat(WaitForAsyncUtils.asyncFx(() -> shell.getScene().getWindow().isShowing()).get(5, TimeUnit.SECONDS)).isFalse();
        // as on close: the window's place is saved for the next start
        assertThat(Files.readString(config.resolve("settings.json"))).contains("\"window\"");
    }

    @Test
    void arrowKeysOnThePageBarMoveThePageWithTheSelection() throws Exception {
        robot.clickOn("#nav-runs");
        waitUntil(10, () -> robot.lookup("#runs-page").query().isVisible());
        // a toggle group moves its selection with the arrow keys: the page shown must follow it
        robot.type(KeyCode.LEFT);
        waitUntil(10, () -> {
            ToggleButton agents = robot.lookup("#nav-agents").queryAs(ToggleButton.class);
            ToggleButton runs = robot.lookup("#nav-runs").queryAs(ToggleButton.class);
            boolean agentsShown = robot.lookup("#agents-page").query().isVisible();
            boolean runsShown = robot.lookup("#runs-page").query().isVisible();
            return agents.isSelected() == agentsShown && runs.isSelected() == runsShown && agentsShown != runsShown;
        });
        robot.type(KeyCode.RIGHT);
        waitUntil(10, () -> robot.lookup("#nav-runs").queryAs(ToggleButton.class).isSelected()
                == robot.lookup("#runs-page").query().isVisible());
    }

    @Test
    void theThemeSwitchesWithCtrlShiftTAndIsRemembered() throws Exception {
        assertThat(robot.lookup("#shell").query().getScene().getStylesheets()).anyMatch(s -> s.endsWith("/styles/dark.css"));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil(10, () -> robot.lookup("#shell").query().getScene().getStylesheets().stream().anyMatch(s -> s.endsWith("/styles/light.css")));
        Path settings = config.resolve("settings.json");
        waitUntil(10, () -> Files.exists(settings) && Files.readString(settings).contains("\"light\""));
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        waitUntil(10, () -> robot.lookup("#agents-page").query().isVisible() && !robot.lookup("#overview-page").query().isVisible());
    }

    @Test
    void aRunningRunIsCancelledAfterConfirmation() throws Exception {
        // a node whose model takes a long time, so the run is still going when Cancel is clicked
        FleetRuntime slow = TestNodes.fast("slow-node", TestNodes.KEY)
                .simulatedModel(SimulatedModelConfig.defaults().withMedianLatency(Duration.ofSeconds(30))
                        .withTimeout(Duration.ofSeconds(60)).withErrorRate(0).withToolCallRate(0))
                .build().start();
        try (FleetClient slowClient = new FleetClient(slow.baseUrl(), new ApiKey(TestNodes.KEY))) {
            FxToolkit.cleanupApplication(app);
            app.shutdown().get(20, TimeUnit.SECONDS);
            app = (ConsoleApp) FxToolkit.setupApplication(
                    () -> new ConsoleApp(ConsoleOptions.connectingTo(config, slow.baseUrl(), TestNodes.KEY)));
            waitUntil(15, () -> "connected".equals(text("#status-state")));
            robot.clickOn("#nav-runs");
            waitUntil(10, () -> !robot.lookup("#prompt-agent").<ComboBox<String>>query().getItems().isEmpty());
            robot.clickOn("#prompt-input").write("Take your time");
            robot.clickOn("#prompt-submit");
            waitUntil(10, () -> "running".equals(text("#run-detail-status")) || "queued".equals(text("#run-detail-status")));
            String id = text("#run-detail-id");

            robot.clickOn("#run-cancel");
            robot.clickOn("#confirm-cancel-run");
            waitUntil(10, () -> "cancelled".equals(text("#run-detail-status")));
            assertThat(slowClient.runs().get(id).get(10, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(text("#runs-message")).isEqualTo("Run " + id + " cancelled");
        } finally {
            slow.close();
        }
    }

    @Test
    void aRefusedSubmitShowsTheServersMessage() throws Exception {
        robot.clickOn("#nav-runs");
        robot.interact(() -> robot.lookup("#prompt-input").queryAs(TextArea.class).setText("x".repeat(10_001)));
        robot.clickOn("#prompt-submit");
        waitUntil(10, () -> text("#prompt-message").startsWith("Not submitted:"));
        assertThat(text("#prompt-message")).contains("10001 characters").contains("limit is 10000");
    }

    @Test
    void scalingFromTheAgentsPageChangesThePoolTheFleetReports() throws Exception {
        try {
            robot.clickOn("#nav-agents");
            TableView<AgentRow> table = robot.lookup("#agents-table").queryTableView();
            waitUntil(10, () -> table.getItems().size() == 4);
            robot.interact(() -> robot.lookup("#agents-size").<Spinner<Integer>>query().getValueFactory().setValue(6));
            robot.clickOn("#agents-apply");

            waitUntil(10, () -> poolSize() == 6);
            waitUntil(10, () -> table.getItems().size() == 6);
            assertThat(text("#agents-message")).contains("on node ui-node now has 6 agents");
            assertThat(text("#agents-target")).isEqualTo("on node ui-node");

            robot.clickOn("#agents-minus");
            waitUntil(10, () -> poolSize() == 5);
        } finally {
            client.fleet().scale("assistant", 4).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRemoteFleetAddedThroughTheDialogConnectsAndItsPagesShowItsNode() throws Exception {
        String key = "second-node-key-0123456789";
        FleetRuntime second = TestNodes.fast("second-node", key).build().start(); // its own Redis
        try {
            robot.clickOn("#add-fleet");
            robot.clickOn("#fleet-url").write("ftp://" + second.baseUrl().substring(7));
            robot.clickOn("#fleet-key").write(key);
            robot.clickOn("#add-fleet-ok");
            waitUntil(10, () -> text("#fleet-problem").contains("http:// or https://"));

            robot.interact(() -> robot.lookup("#fleet-url").queryAs(TextField.class).clear());
            robot.clickOn("#fleet-url").write(second.baseUrl());
            robot.clickOn("#add-fleet-ok");

            String name = second.baseUrl().substring("http://".length());
            waitUntil(15, () -> name.equals(text("#status-fleet")) && "connected".equals(text("#status-state")));
            ListView<FleetEntry> fleets = robot.lookup("#fleet-list").queryListView();
            assertThat(fleets.getItems()).hasSize(2);
            assertThat(fleets.getItems().get(1).stateTextProperty().get()).isEqualTo("connected");

            robot.clickOn("#nav-agents");
            TableView<AgentRow> table = robot.lookup("#agents-table").queryTableView();
            waitUntil(15, () -> !table.getItems().isEmpty() && table.getItems().stream().allMatch(r -> r.node().equals("second-node")));
            // the pool chooser shows the new fleet's pool (a combo box can show blank while its value is set)
            waitUntil(10, () -> "assistant".equals(comboText("#agents-pool")));
            assertThat(text("#agents-target")).isEqualTo("on node second-node");

            Path saved = config.resolve(FleetStore.FILE_NAME);
            waitUntil(10, () -> Files.exists(saved));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved))).isEqualTo("rw-------");
            assertThat(Files.readString(saved)).contains(second.baseUrl()).contains(key);
            assertThat(fleets.getItems().get(1).maskedKey()).doesNotContain(key);

            // the node goes away: the console says so instead of freezing or going blank
            second.close();
            waitUntil(20, () -> text("#status-state").startsWith("reconnecting…"));
            assertThat(fleets.getItems().get(1).stateTextProperty().get()).startsWith("reconnecting…");

            robot.clickOn("#remove-fleet");
            robot.clickOn("#confirm-remove-fleet");
            waitUntil(10, () -> fleets.getItems().size() == 1 && "Local fleet".equals(text("#status-fleet")));
            waitUntil(10, () -> !Files.readString(saved).contains(key));
        } finally {
            second.close();
        }
    }

    private int poolSize() throws Exception {
        FleetInfo info = client.fleet().get().get(10, TimeUnit.SECONDS);
        return info.node("ui-node").flatMap(n -> n.pool("assistant")).map(FleetInfo.Pool::size).orElse(-1);
    }

    /** What a combo box shows, which is not always its value. */
    private String comboText(String query) {
        ComboBox<?> combo = robot.lookup(query).queryComboBox();
        Node shown = ((ComboBoxListViewSkin<?>) combo.getSkin()).getDisplayNode();
        return shown instanceof ListCell<?> cell ? cell.getText() : null;
    }

    private Tile tile(String id) {
        return robot.lookup("#" + id).queryAs(Tile.class);
    }

    private String text(String query) {
        Node n = robot.lookup(query).query();
        if (n instanceof Label l) return l.getText();
        if (n instanceof javafx.scene.control.TextInputControl t) return t.getText();
        throw new IllegalArgumentException(query + " is a " + n.getClass().getSimpleName());
    }

    /** Waits for live data; the condition is read on the FX thread, where the scene lives. */
    private static void waitUntil(int seconds, Callable<Boolean> condition) throws Exception {
        waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get(5, TimeUnit.SECONDS));
    }
}
