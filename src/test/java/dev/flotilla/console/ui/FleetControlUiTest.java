package dev.flotilla.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.ConsoleApp;
import dev.flotilla.console.ContractJson;
import dev.flotilla.console.ConsoleOptions;
import dev.flotilla.console.FakeGateway;
import dev.flotilla.console.feature.nodes.NodeRow;
import dev.flotilla.console.fleet.DeadLetter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The nodes, resilience and dead letters screens in the real console scene, headless. Their
 * routes are not served by the runtime yet, so the console's fleet is a {@link FakeGateway}
 * answering as docs/API.md says, over real HTTP and a real event stream: replace with the local
 * fleet once the runtime serves /v1/nodes, /v1/resilience and /v1/dead-letters.
 */
class FleetControlUiTest {

    @TempDir
    Path config;

    private final FxRobot robot = new FxRobot();
    private final FakeGateway gateway = new FakeGateway();
    private final Map<String, String> states = new ConcurrentHashMap<>(Map.of("n1", "active", "n2", "paused", "n3", "lost"));
    private final List<String> letters = new CopyOnWriteArrayList<>(List.of("run_1", "run_2"));
    private ConsoleApp app;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void startConsole() throws Exception {
        gateway.on("GET", "/v1/fleet", r -> new FakeGateway.Answer(200, ContractJson.fleet(states)));
        gateway.json("GET", "/v1/resilience", 200, ContractJson.resilience());
        gateway.json("GET", "/v1/runs", 200, "{\"runs\": [" + ContractJson.runWithTimeline("run_t") + "]}");
        gateway.json("GET", "/v1/runs/run_t", 200, ContractJson.runWithTimeline("run_t"));
        gateway.on("GET", "/v1/dead-letters", r -> new FakeGateway.Answer(200, ContractJson.deadLetters(letters.toArray(String[]::new))));
        for (String id : List.of("run_1", "run_2")) {
            gateway.on("GET", "/v1/dead-letters/" + id, r -> new FakeGateway.Answer(200, ContractJson.deadLetter(id, 3)));
            gateway.on("POST", "/v1/dead-letters/" + id + "/replay", r -> {
                letters.remove(id);
                return new FakeGateway.Answer(202, "{\"run_id\": \"" + id + "\", \"status\": \"queued\"}");
            });
            gateway.on("DELETE", "/v1/dead-letters/" + id, r -> {
                letters.remove(id);
                return new FakeGateway.Answer(204, "");
            });
        }
        gateway.on("POST", "/v1/nodes/n1/drain", r -> {
            states.put("n1", "draining");
            return new FakeGateway.Answer(202, "{\"node_id\": \"n1\", \"requested\": \"draining\"}");
        });
        gateway.json("POST", "/v1/nodes/n1/pools/assistant/scale", 202, "{\"node_id\": \"n1\", \"requested\": \"scaled\"}");
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(ConsoleOptions.connectingTo(config, gateway.url(), FakeGateway.KEY)));
        waitUntil(15, () -> "connected".equals(text("#status-state")));
    }

    @AfterEach
    void stopConsole() throws Exception {
        FxToolkit.cleanupApplication(app);
        app.shutdown().get(20, TimeUnit.SECONDS);
        gateway.close();
    }

    @Test
    void eachNewPageOpensWithItsShortcutAndShowsItsContent() throws Exception {
        shortcut(KeyCode.DIGIT4);
        waitUntil(10, () -> robot.lookup("#nodes-page").query().isVisible() && !robot.lookup("#overview-page").query().isVisible());
        TableView<NodeRow> nodes = robot.lookup("#nodes-table").queryTableView();
        waitUntil(10, () -> nodes.getItems().size() == 3);
        assertThat(robot.lookup(".node-state-lost").tryQuery()).isPresent();
        waitUntil(10, () -> text("#pools-caption").equals("Pools of node n1"));
        assertThat(robot.lookup("#pools-table").queryTableView().getItems()).hasSize(2);
        assertThat(text("#nodes-summary")).isEqualTo("3 nodes (1 active, 1 paused, 1 lost) · queue 4");

        shortcut(KeyCode.DIGIT5);
        waitUntil(10, () -> robot.lookup("#resilience-page").query().isVisible());
        waitUntil(10, () -> robot.lookup("#breakers-table").queryTableView().getItems().size() == 3
                && robot.lookup("#resilience-events").queryTableView().getItems().size() == 4);
        assertThat(text("#stat-retries")).isEqualTo("16");
        assertThat(text("#stat-open-breakers")).isEqualTo("1");
        assertThat(text("#resilience-attention")).isEqualTo("1 breaker open");
        // the nav button says so wherever the operator is
        assertThat(text("#nav-badge-resilience")).isEqualTo("1");
        assertThat(robot.lookup("#nav-resilience").queryAs(ToggleButton.class).getTooltip().getText())
                .isEqualTo("Show Resilience (Ctrl+5)\n1 breaker open");

        shortcut(KeyCode.DIGIT6);
        waitUntil(10, () -> robot.lookup("#deadletters-page").query().isVisible());
        TableView<DeadLetter> letters = robot.lookup("#deadletters-table").queryTableView();
        waitUntil(10, () -> letters.getItems().size() == 2);
        robot.interact(() -> letters.getSelectionModel().select(0));
        waitUntil(10, () -> "run_1".equals(text("#deadletter-id")) && text("#deadletter-error").contains("node_lost"));
        assertThat(robot.lookup("#deadletter-history").queryAs(javafx.scene.layout.VBox.class).getChildren()).hasSize(3);
        assertThat(text("#nav-badge-dead-letters")).isEqualTo("2");
    }

    @Test
    void everyNodeCommandIsConfirmedAndCancelChangesNothing() throws Exception {
        shortcut(KeyCode.DIGIT4);
        TableView<NodeRow> nodes = robot.lookup("#nodes-table").queryTableView();
        waitUntil(10, () -> nodes.getItems().size() == 3);

        select(nodes, "n1");
        assertThat(button("#node-resume").isDisabled()).isTrue(); // n1 is active
        cancelDialogOf("#node-pause", "Pause node n1?");
        cancelDialogOf("#node-drain", "Drain node n1?");
        assertThat(dialogTextAfterOpening("#pool-scale")).startsWith("Scale pool assistant on node n1?");
        robot.clickOn(cancel());
        waitUntil(10, () -> robot.lookup(".dialog-pane").tryQuery().isEmpty());

        select(nodes, "n2");
        waitUntil(10, () -> !button("#node-resume").isDisabled());
        assertThat(button("#node-pause").isDisabled()).isTrue(); // n2 is paused
        cancelDialogOf("#node-resume", "Resume node n2?");

        select(nodes, "n3");
        waitUntil(10, () -> button("#node-drain").isDisabled());
        for (String b : List.of("#node-pause", "#node-drain", "#node-resume", "#pool-scale")) {
            assertThat(button(b).isDisabled()).as(b + " on a lost node").isTrue();
        }
        assertThat(gateway.writes()).as("Cancel sends nothing").isEmpty();

        // confirmed: the request goes out and the node's new state shows
        select(nodes, "n1");
        waitUntil(10, () -> !button("#node-drain").isDisabled());
        robot.clickOn("#node-drain");
        waitUntil(10, () -> robot.lookup("#confirm-node-drain").tryQuery().isPresent());
        assertThat(((DialogPane) robot.lookup(".dialog-pane").query()).getContentText())
                .startsWith("It finishes its 3 runs in flight and takes nothing new; its gateway refuses new runs");
        robot.clickOn("#confirm-node-drain");
        waitUntil(10, () -> text("#nodes-message").equals("Node n1: drain requested; the node acts within a second"));
        waitUntil(10, () -> robot.lookup(".node-state-draining").tryQuery().isPresent());
        assertThat(gateway.writes()).extracting(FakeGateway.Request::path).containsExactly("/v1/nodes/n1/drain");

        // scaling: the dialog says what will happen as the values change, and sends only what was asked
        waitUntil(10, () -> button("#pool-scale").isDisabled()); // a draining node takes no new agents
        states.put("n1", "active");
        waitUntil(10, () -> !button("#pool-scale").isDisabled());
        robot.clickOn("#pool-scale");
        waitUntil(10, () -> robot.lookup("#scale-size").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#scale-size").<javafx.scene.control.Spinner<Integer>>query().getValueFactory().setValue(6));
        assertThat(text("#scale-consequence")).isEqualTo("The pool grows from 4 to 6 agents.");
        robot.clickOn("#confirm-scale-pool");
        waitUntil(10, () -> gateway.writes().size() == 2);
        assertThat(gateway.writes().get(1).body()).isEqualTo("{\"size\":6}");
    }

    @Test
    void replayAndDiscardAreConfirmedAndCancelChangesNothing() throws Exception {
        shortcut(KeyCode.DIGIT6);
        TableView<DeadLetter> table = robot.lookup("#deadletters-table").queryTableView();
        waitUntil(10, () -> table.getItems().size() == 2);
        assertThat(button("#deadletter-replay").isDisabled()).isTrue(); // nothing selected
        robot.interact(() -> table.getSelectionModel().select(1));
        waitUntil(10, () -> !button("#deadletter-replay").isDisabled());

        cancelDialogOf("#deadletter-replay", "Replay run run_2?");
        assertThat(dialogTextAfterOpening("#deadletter-discard")).startsWith("Discard the dead letter of run run_2?");
        assertThat(robot.lookup("#confirm-discard").queryButton().getStyleClass()).contains("danger");
        assertThat(robot.lookup("#confirm-discard").queryButton().isDefaultButton()).isFalse(); // Enter keeps it
        robot.clickOn(robot.lookup(".dialog-pane .button").match((Button b) -> "Keep it".equals(b.getText())).queryButton());
        waitUntil(10, () -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
        assertThat(gateway.writes()).as("Cancel sends nothing").isEmpty();

        robot.clickOn("#deadletter-replay");
        robot.clickOn("#confirm-replay");
        waitUntil(10, () -> table.getItems().size() == 1 && text("#deadletters-message").equals("Run run_2 is queued again"));
        assertThat(gateway.writes()).extracting(FakeGateway.Request::path).containsExactly("/v1/dead-letters/run_2/replay");
    }

    @Test
    void aRunsDetailShowsItsTimelineAndTheModelThatAnswered() throws Exception {
        shortcut(KeyCode.DIGIT3);
        TableView<?> runs = robot.lookup("#runs-table").queryTableView();
        waitUntil(10, () -> runs.getItems().size() == 1);
        robot.interact(() -> runs.getSelectionModel().select(0));
        waitUntil(10, () -> robot.lookup("#run-timeline").queryAs(javafx.scene.layout.VBox.class).getChildren().size() == 10);
        assertThat(text("#timeline-step-6")).isEqualTo("Fell back to simulated/primary");
        assertThat(text("#run-detail-model")).isEqualTo("simulated/primary");
        assertThat(text("#run-detail-fallback")).isEqualTo("breaker of openai/gpt-4o open");
    }

    private void select(TableView<NodeRow> table, String nodeId) throws Exception {
        robot.interact(() -> table.getItems().stream().filter(r -> r.nodeId().equals(nodeId)).findFirst()
                .ifPresent(r -> table.getSelectionModel().select(r)));
        waitUntil(10, () -> text("#node-selected").equals("Node " + nodeId));
    }

    /** Clicks {@code button}, checks the dialog asks {@code question}, and cancels it. */
    private void cancelDialogOf(String button, String question) throws Exception {
        assertThat(dialogTextAfterOpening(button)).startsWith(question);
        robot.clickOn(cancel());
        waitUntil(10, () -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
    }

    /** Opens the dialog behind {@code button}; its header and content, in one string. */
    private String dialogTextAfterOpening(String button) throws Exception {
        robot.clickOn(button);
        waitUntil(10, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane pane = robot.lookup(".dialog-pane").query();
        return pane.getHeaderText() + " " + (pane.getContentText() == null ? "" : pane.getContentText());
    }

    private Button cancel() {
        return robot.lookup(".dialog-pane .button").match((Button b) -> "Cancel".equals(b.getText())).queryButton();
    }

    private Button button(String query) {
        return robot.lookup(query).queryButton();
    }

    private void shortcut(KeyCode digit) {
        robot.press(KeyCode.CONTROL, digit).release(digit, KeyCode.CONTROL);
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
