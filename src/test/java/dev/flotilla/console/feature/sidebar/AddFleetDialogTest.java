package dev.flotilla.console.feature.sidebar;

import static dev.flotilla.console.FxStage.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.FxStage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** The add-remote-fleet form (AddFleetDialog.fxml) in a real headless window. */
class AddFleetDialogTest {

    private final FxRobot robot = new FxRobot();
    private final List<RemoteFleetForm> accepted = new CopyOnWriteArrayList<>();
    private StackPane anchor;

    @BeforeEach
    void window() throws Exception {
        anchor = FxStage.show();
        robot.interact(() -> new AddFleetDialog(anchor, form -> {
            Optional<String> problem = form.problem();
            if (problem.isEmpty()) accepted.add(form);
            return problem;
        }).show());
        waitUntil(10, () -> robot.lookup("#fleet-url").tryQuery().map(n -> n.isFocused()).orElse(false));
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.hideStage();
        robot.interact(() -> robot.listWindows().stream().filter(w -> w != anchor.getScene().getWindow())
                .forEach(javafx.stage.Window::hide));
    }

    @Test
    void theFormLoadsFromFxmlWithItsFieldsInTabOrderAndAMaskedKey() {
        assertThat(robot.lookup("#add-fleet-form").tryQuery()).isPresent();
        assertThat(robot.lookup("#fleet-key").<javafx.scene.Node>query()).isInstanceOf(PasswordField.class);
        assertThat(robot.lookup("#fleet-name").queryAs(TextField.class).getPromptText()).isEqualTo("optional, e.g. Production");
        assertThat(robot.lookup("#add-fleet-ok").queryButton().getText()).isEqualTo("Add and connect");
    }

    @Test
    void aProblemKeepsTheDialogOpenWithWhatWasTypedAndAGoodFormIsSubmitted() throws Exception {
        robot.clickOn("#fleet-url").write("ftp://fleet.example:8080");
        robot.clickOn("#fleet-key").write("k-123");
        robot.clickOn("#add-fleet-ok");
        waitUntil(10, () -> robot.lookup("#fleet-problem").queryAs(Label.class).getText().equals("The URL must start with http:// or https://."));
        assertThat(robot.lookup("#fleet-key").queryAs(PasswordField.class).getText()).isEqualTo("k-123");
        assertThat(accepted).isEmpty();

        robot.interact(() -> robot.lookup("#fleet-url").queryAs(TextField.class).setText("https://fleet.example:8443/"));
        robot.clickOn("#fleet-name").write("Production");
        robot.clickOn("#add-fleet-ok");
        waitUntil(10, () -> robot.lookup("#fleet-url").tryQuery().isEmpty());
        assertThat(accepted).singleElement().satisfies(f -> {
            assertThat(f.normalizedUrl()).isEqualTo("https://fleet.example:8443");
            assertThat(f.displayName()).isEqualTo("Production");
            assertThat(f.key()).isEqualTo("k-123");
        });
    }

    @Test
    void aPlainHttpUrlToAnotherMachineIsWarnedAboutOnceBeforeTheKeyIsSent() throws Exception {
        robot.clickOn("#fleet-url").write("http://fleet.example:8080");
        robot.clickOn("#fleet-key").write("k-123");
        robot.clickOn("#add-fleet-ok");
        waitUntil(10, () -> robot.lookup("#fleet-problem").queryAs(Label.class).getText().contains("unencrypted"));
        assertThat(accepted).as("nothing sent yet").isEmpty();
        assertThat(robot.lookup("#add-fleet-ok").queryButton().getText()).isEqualTo("Send the key unencrypted");
        robot.clickOn("#add-fleet-ok");
        waitUntil(10, () -> robot.lookup("#fleet-url").tryQuery().isEmpty());
        assertThat(accepted).singleElement().satisfies(f -> assertThat(f.normalizedUrl()).isEqualTo("http://fleet.example:8080"));
    }
}
