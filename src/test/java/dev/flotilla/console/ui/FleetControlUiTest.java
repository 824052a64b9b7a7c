package dev.flotilla.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.Await;
import dev.flotilla.console.ConsoleApp;
import dev.flotilla.console.ConsoleOptions;
import dev.flotilla.console.PoisonTool;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.feature.nodes.NodeRow;
import dev.flotilla.console.feature.resilience.BreakerRow;
import dev.flotilla.console.feature.resilience.EventRow;
import dev.flotilla.console.feature.runs.RunRow;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.DeadLetter;
import dev.flotilla.console.fleet.FleetApiException;
import dev.flotilla.console.fleet.RunStatus;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.ratelimit.RateLimit;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The nodes, resilience and dead letters screens and a run's timeline in the real console scene,
 * headless, on a real fleet in this JVM: n1 (which the console talks to) and n2 share one embedded
 * Redis, n2 starts paused, n3 stopped beating a minute ago. n1's simulated primary model is down,
 * its parser agent's tool crashes on "poison", and its API key may submit 3 runs before it is
 * refused ({@link TestNodes#troubled}).
 */
class FleetControlUiTest {

    @TempDir
    Path config;

    private final FxRobot robot = new FxRobot();
    private final PoisonTool tool = new PoisonTool();
    private FleetRuntime n1;
    private FleetRuntime n2;
    private FleetRuntime n3;
    private FleetClient client;
    private ConsoleApp app;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void startFleetAndConsole() throws Exception {
        n1 = TestNodes.troubled("n1", tool).keyRateLimit(new RateLimit(1, 3)).build().start();
        n2 = TestNodes.joining(n1, TestNodes.troubled("n2", tool));
        n2.setState("paused", "the test's setup");
        n3 = TestNodes.silent(n1, "n3");
        client = new FleetClient(n1.baseUrl(), new ApiKey(TestNodes.KEY));
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(ConsoleOptions.connectingTo(config, n1.baseUrl(), TestNodes.KEY)));
        waitUntil(15, () -> "connected".equals(text("#status-state")));
    }

    @AfterEach
    void stopConsoleAndFleet() throws Exception {
        FxToolkit.cleanupApplication(app);
        app.shutdown().get(20, TimeUnit.SECONDS);
        client.close();
        for (FleetRuntime n : new FleetRuntime[] {n3, n2, n1}) if (n != null) n.close();
    }

    @Test
    void eachNewPageOpensWithItsShortcutAndShowsWhatHappenedInTheFleet() throws Exception {
        Await.run(client, "assistant", TestNodes.PRIMARY_FAILS + "one");
        Await.run(client, "assistant", TestNodes.PRIMARY_FAILS + "two"); // the primary's breaker opens
        String poisoned = Await.run(client, TestNodes.PARSER, "poison pill").id();
        assertThatThrownBy(() -> client.runs().submit("assistant", "a fourth", null).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(FleetApiException.class, e -> assertThat(e.status()).isEqualTo(429));

        // the operator is on the overview: what happened on the other pages comes as notifications
        waitUntil(10, () -> notifications().contains("Run " + poisoned + " went to the dead letters (agent parser);"
                + " it waits there to be replayed or discarded"));
        assertThat(notifications()).contains("Resilience", "Dead letters")
                .anyMatch(t -> t.startsWith("Breaker of simulated/primary went closed → open"));

        shortcut(KeyCode.DIGIT4);
        waitUntil(10, () -> robot.lookup("#nodes-page").query().isVisible() && !robot.lookup("#overview-page").query().isVisible());
        TableView<NodeRow> nodes = robot.lookup("#nodes-table").queryTableView();
        waitUntil(10, () -> nodes.getItems().size() == 3);
        waitUntil(10, () -> text("#nodes-summary").equals("3 nodes (1 active, 1 paused, 1 lost) · queue 0"));
        assertThat(robot.lookup(".node-state-lost").tryQuery()).isPresent();
        waitUntil(10, () -> text("#pools-caption").equals("Pools of node n1"));
        assertThat(robot.lookup("#pools-table").queryTableView().getItems()).hasSize(2); // assistant and parser

        shortcut(KeyCode.DIGIT5);
        waitUntil(10, () -> robot.lookup("#resilience-page").query().isVisible());
        waitUntil(10, () -> text("#stat-open-breakers").equals("1") && text("#stat-rate-limited").equals("1"));
        TableView<?> breakers = robot.lookup("#breakers-table").queryTableView();
        assertThat(((BreakerRow) breakers.getItems().getFirst()).target()).isEqualTo("simulated/primary");
        assertThat(text("#stat-retries")).isEqualTo("2");
        assertThat(text("#stat-fallbacks")).isEqualTo("2");
        assertThat(text("#resilience-attention")).isEqualTo("1 breaker open · 1 rate-limit rejection in the last 5 min");
        TableView<?> events = robot.lookup("#resilience-events").queryTableView();
        assertThat(events.getItems()).extracting(r -> ((EventRow) r).kind()).contains("breaker", "fallback", "retry", "rate limit", "dead letter");
        // the nav button says so wherever the operator is
        assertThat(text("#nav-badge-resilience")).isEqualTo("2");
        assertThat(robot.lookup("#nav-resilience").queryAs(ToggleButton.class).getTooltip().getText())
                .isEqualTo("Show Resilience (Ctrl+5)\n1 breaker open · 1 rate-limit rejection in the last 5 min");

        shortcut(KeyCode.DIGIT6);
        waitUntil(10, () -> robot.lookup("#deadletters-page").query().isVisible());
        TableView<DeadLetter> letters = robot.lookup("#deadletters-table").queryTableView();
        waitUntil(10, () -> letters.getItems().size() == 1);
        robot.interact(() -> letters.getSelectionModel().select(0));
        waitUntil(10, () -> poisoned.equals(text("#deadletter-id")) && text("#deadletter-error").contains("the parser cannot digest this input"));
        assertThat(text("#deadletter-deliveries")).isEqualTo("1 (failed)");
        assertThat(robot.lookup("#deadletter-history").queryAs(javafx.scene.layout.VBox.class).getChildren()).hasSize(1);
        assertThat(text("#nav-badge-dead-letters")).isEqualTo("1");
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
        assertThat(List.of(n1.state(), n2.state())).as("Cancel sends nothing").containsExactly("active", "paused");
        assertThat(text("#nodes-message")).isEmpty();

        // confirmed: the request goes out, n2 acts on its next heartbeat, and its new state shows
        select(nodes, "n2");
        waitUntil(10, () -> !button("#node-drain").isDisabled());
        robot.clickOn("#node-drain");
        waitUntil(10, () -> robot.lookup("#confirm-node-drain").tryQuery().isPresent());
        assertThat(((DialogPane) robot.lookup(".dialog-pane").query()).getContentText())
                .startsWith("It takes nothing new; right now it has no runs in flight. Its gateway refuses new runs");
        robot.clickOn("#confirm-node-drain");
        waitUntil(10, () -> text("#nodes-message").equals("Node n2: drain requested; the node acts within a second"));
        waitUntil(10, () -> robot.lookup(".node-state-draining").tryQuery().isPresent());
        assertThat(n2.state()).isEqualTo("draining");

        // scaling: the dialog says what will happen as the values change, and the node takes what was asked
        waitUntil(10, () -> button("#pool-scale").isDisabled()); // a draining node takes no new agents
        n2.setState("paused", "the test");
        waitUntil(10, () -> !button("#pool-scale").isDisabled());
        robot.clickOn("#pool-scale");
        waitUntil(10, () -> robot.lookup("#scale-size").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#scale-size").<javafx.scene.control.Spinner<Integer>>query().getValueFactory().setValue(6));
        assertThat(text("#scale-consequence")).isEqualTo("The pool grows from 4 to 6 agents. The node is paused: its agents take runs once it is resumed.");
        robot.clickOn("#confirm-scale-pool");
        Await.until(10, () -> n2.pool("assistant").size() == 6);
        assertThat(n2.pool("assistant").snapshot().autoscale()).isFalse(); // only the size was asked
    }

    @Test
    void replayAndDiscardAreConfirmedAndCancelChangesNothing() throws Exception {
        String older = Await.run(client, TestNodes.PARSER, "poison in the first report").id();
        Await.run(client, TestNodes.PARSER, "poison in the second report");
        shortcut(KeyCode.DIGIT6);
        TableView<DeadLetter> table = robot.lookup("#deadletters-table").queryTableView();
        waitUntil(10, () -> table.getItems().size() == 2);
        assertThat(button("#deadletter-replay").isDisabled()).isTrue(); // nothing selected
        robot.interact(() -> table.getSelectionModel().select(1)); // newest first: the older one
        waitUntil(10, () -> !button("#deadletter-replay").isDisabled());

        cancelDialogOf("#deadletter-replay", "Replay run " + older + "?");
        assertThat(dialogTextAfterOpening("#deadletter-discard")).startsWith("Discard the dead letter of run " + older + "?");
        assertThat(robot.lookup("#confirm-discard").queryButton().getStyleClass()).contains("danger");
        assertThat(robot.lookup("#confirm-discard").queryButton().isDefaultButton()).isFalse(); // Enter keeps it
        robot.clickOn(robot.lookup(".dialog-pane .button").match((Button b) -> "Keep it".equals(b.getText())).queryButton());
        waitUntil(10, () -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
        assertThat(client.deadLetters().list(10).get(10, TimeUnit.SECONDS)).as("Cancel sends nothing").hasSize(2);

        tool.fix();
        robot.clickOn("#deadletter-replay");
        robot.clickOn("#confirm-replay");
        waitUntil(10, () -> table.getItems().size() == 1 && text("#deadletters-message").equals("Run " + older + " is queued again"));
        assertThat(Await.ended(client, older).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aRunsDetailShowsItsTimelineAndTheModelThatAnswered() throws Exception {
        String id = Await.run(client, "assistant", TestNodes.PRIMARY_FAILS + "hello").id();
        shortcut(KeyCode.DIGIT3);
        TableView<RunRow> runs = robot.lookup("#runs-table").queryTableView();
        waitUntil(10, () -> runs.getItems().stream().anyMatch(r -> r.id().equals(id)));
        robot.interact(() -> runs.getItems().stream().filter(r -> r.id().equals(id)).findFirst()
                .ifPresent(r -> runs.getSelectionModel().select(r)));
        // queued, started, attempt, retry, attempt, fallback, attempt, cost, succeeded
        waitUntil(10, () -> robot.lookup("#run-timeline").queryAs(javafx.scene.layout.VBox.class).getChildren().size() == 9);
        assertThat(text("#timeline-step-5")).isEqualTo("Fell back to simulated/fallback");
        assertThat(text("#timeline-step-7")).isEqualTo("Cost");
        assertThat(text("#timeline-step-8")).isEqualTo("Succeeded · simulated/fallback");
        assertThat(text("#run-detail-model")).isEqualTo("simulated/fallback");
        assertThat(text("#run-detail-fallback")).isEqualTo("simulated/primary: model_server_error after 2 attempts");
        assertThat(text("#run-detail-attempts")).isEqualTo("3 (1 retry, 1 fallback)");
    }

    @Test
    void wholeRunIdsAndWholeEventSentencesShowWhereTheTableHasRoom() throws Exception {
        Await.run(client, "assistant", TestNodes.PRIMARY_FAILS + "one");
        Await.run(client, "assistant", TestNodes.PRIMARY_FAILS + "two"); // retries, fallbacks, a breaker: long sentences
        Await.run(client, "assistant", "a third");

        shortcut(KeyCode.DIGIT3);
        waitUntil(10, () -> robot.lookup("#runs-table").queryTableView().getItems().size() >= 3);
        waitUntil(10, () -> !cells("#runs-table .table-cell.run-id").isEmpty());
        for (IndexedCell<?> cell : cells("#runs-table .table-cell.run-id")) {
            assertThat(shownText(cell)).as("a run id with room for it").isEqualTo(cell.getText());
        }

        shortcut(KeyCode.DIGIT5);
        waitUntil(10, () -> robot.lookup("#resilience-events").queryTableView().getItems().size() >= 5);
        waitUntil(10, () -> cells("#resilience-events .table-cell.event-text").size() >= 5);
        List<IndexedCell<?>> sentences = cells("#resilience-events .table-cell.event-text");
        assertThat(sentences).anyMatch(c -> c.getItem().toString().length() > 80); // long enough to have been cut before
        for (IndexedCell<?> cell : sentences) {
            assertThat(shownText(cell)).as("what happened, whole").isEqualTo(cell.getItem().toString());
            assertThat(fitsInside(cell)).as("its lines fit the row: " + cell.getItem()).isTrue();
        }
    }

    /** The non-empty cells that match {@code query}, read on the FX thread. */
    private List<IndexedCell<?>> cells(String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).queryAll().stream()
                .map(n -> (IndexedCell<?>) n).filter(c -> !c.isEmpty() && c.getItem() != null && c.isVisible())
                .<IndexedCell<?>>map(c -> c).toList()).get(10, TimeUnit.SECONDS);
    }

    /** What a cell draws: the texts inside it, in order, as the operator reads them (an ellipsis shows as "…"). */
    private static String shownText(IndexedCell<?> cell) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> cell.lookupAll("*").stream().filter(n -> n instanceof Text)
                .map(n -> ((Text) n).getText()).filter(t -> t != null && !t.isEmpty())
                .reduce("", String::concat)).get(10, TimeUnit.SECONDS);
    }

    /** True when every text of the cell lies within the cell's height (no line is clipped off). */
    private static boolean fitsInside(IndexedCell<?> cell) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> cell.lookupAll("*").stream().filter(n -> n instanceof Text).allMatch(n -> {
            Bounds b = cell.sceneToLocal(n.localToScene(n.getBoundsInLocal()));
            return b.getMinY() >= -1 && b.getMaxY() <= cell.getHeight() + 1;
        })).get(10, TimeUnit.SECONDS);
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

    /** The words of the notifications on screen: their titles and texts. */
    private List<String> notifications() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(".notification-bar .label").queryAll().stream()
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).toList()).get(5, TimeUnit.SECONDS);
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
