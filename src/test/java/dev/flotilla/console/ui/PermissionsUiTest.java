package dev.flotilla.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.ConsoleApp;
import dev.flotilla.console.ConsoleOptions;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.feature.nodes.NodeRow;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.runtime.FleetRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
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
 * The permissions page in the real console scene, headless, on a real node: edited with the
 * keyboard alone (the matrix takes the keys when the page shows), undone, published with a
 * comment, and the Nodes page then shows the version the node enforces.
 */
class PermissionsUiTest {

    @TempDir
    Path config;

    private final FxRobot robot = new FxRobot();
    private FleetRuntime node;
    private FleetClient client;
    private ConsoleApp app;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void startNodeAndConsole() throws Exception {
        node = TestNodes.start("perm-ui");
        client = new FleetClient(node.baseUrl(), new ApiKey(TestNodes.KEY));
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(ConsoleOptions.connectingTo(config, node.baseUrl(), TestNodes.KEY)));
        waitUntil(15, () -> "connected".equals(robot.lookup("#status-state").queryAs(Label.class).getText()));
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupApplication(app);
        app.shutdown().get(20, TimeUnit.SECONDS);
        client.close();
        node.close();
    }

    @Test
    void aCellIsChangedUndoneAndPublishedFromTheKeyboard() throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil(10, () -> robot.lookup("#permissions-status").queryAs(Label.class).getText().startsWith("Version 0 in force"));
        waitUntil(10, () -> robot.lookup("#permissions-matrix").query().isFocused());

        // the keys start on user's grant of *; down to clock, Space: allow → needs approval
        robot.type(KeyCode.DOWN).type(KeyCode.SPACE);
        ListView<String> changes = robot.lookup("#permissions-changes").queryListView();
        waitUntil(5, () -> List.copyOf(changes.getItems()).equals(List.of("user · clock: allow → needs approval")));
        assertThat(robot.lookup("#permissions-cell-title").queryAs(Label.class).getText()).isEqualTo("user · clock: needs approval");
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        waitUntil(5, () -> changes.getItems().isEmpty());
        robot.type(KeyCode.D); // deny

        waitUntil(5, () -> List.copyOf(changes.getItems()).equals(List.of("user · clock: allow → deny")));
        robot.clickOn("#permissions-comment").write("users lose the clock");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        waitUntil(10, () -> robot.lookup("#permissions-status").queryAs(Label.class).getText()
                .equals("Version 1 in force, published by admin: users lose the clock"));
        assertThat(client.toolPolicy().current().get(5, TimeUnit.SECONDS).policy().path("roles").path("user").has("clock")).isFalse();

        robot.clickOn("#nav-nodes");
        @SuppressWarnings("unchecked")
        TableView<NodeRow> nodes = robot.lookup("#nodes-table").queryAs(TableView.class);
        waitUntil(10, () -> !nodes.getItems().isEmpty() && nodes.getItems().getFirst().toolPolicyProperty().get().equals("v1"));
    }

    private static void waitUntil(int seconds, Callable<Boolean> condition) throws Exception {
        waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get(5, TimeUnit.SECONDS));
    }
}
