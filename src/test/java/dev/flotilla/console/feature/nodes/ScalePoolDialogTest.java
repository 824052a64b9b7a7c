package dev.flotilla.console.feature.nodes;

import static dev.flotilla.console.FxStage.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.FxStage;
import dev.flotilla.console.fleet.PoolScale;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** The scale form (ScalePoolDialog.fxml) in a real headless window: it checks what is asked before anything is sent. */
class ScalePoolDialogTest {

    private final FxRobot robot = new FxRobot();
    private final List<PoolScale> sent = new CopyOnWriteArrayList<>();
    private StackPane anchor;

    @BeforeEach
    void window() throws Exception {
        anchor = FxStage.show();
        PoolRow pool = new PoolRow("assistant", 4, 1, 3, 4, 4, false);
        robot.interact(() -> new ScalePoolDialog("n1", pool, s -> "size " + s.size() + ", bounds " + s.min() + "–" + s.max())
                .show(anchor, sent::add));
        waitUntil(10, () -> robot.lookup("#scale-size").tryQuery().isPresent());
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.hideStage();
        robot.interact(() -> robot.listWindows().stream().filter(w -> w != anchor.getScene().getWindow())
                .forEach(javafx.stage.Window::hide));
    }

    @Test
    void itOpensOnThePoolAsItIsAndOffersNothingUntilSomethingChanges() {
        DialogPane pane = robot.lookup(".dialog-pane").query();
        assertThat(pane.getHeaderText()).isEqualTo("Scale pool assistant on node n1?");
        assertThat(size().getValue()).isEqualTo(4);
        assertThat(robot.lookup(".dialog-pane .label").match((Label l) -> "agents (now 4)".equals(l.getText())).tryQuery()).isPresent();
        assertThat(robot.lookup(".dialog-pane .label").match((Label l) -> "agents (now off)".equals(l.getText())).tryQuery()).isPresent();
        assertThat(robot.lookup("#confirm-scale-pool").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#scale-min").query().isDisabled()).isTrue(); // bounds are off until chosen
    }

    @Test
    void boundsThatContradictEachOtherOrTheSizeAreRefusedWithAReason() throws Exception {
        robot.interact(() -> {
            robot.lookup("#scale-set-bounds").queryAs(CheckBox.class).setSelected(true);
            spinner("#scale-min").getValueFactory().setValue(6);
            spinner("#scale-max").getValueFactory().setValue(3);
        });
        assertThat(text("#scale-problem")).isEqualTo("The minimum is above the maximum.");
        assertThat(robot.lookup("#confirm-scale-pool").queryButton().isDisabled()).isTrue();

        robot.interact(() -> {
            spinner("#scale-max").getValueFactory().setValue(8);
            size().getValueFactory().setValue(2);
        });
        assertThat(text("#scale-problem")).isEqualTo("The size must lie within the autoscaling bounds.");
        robot.interact(() -> robot.lookup("#scale-set-size").queryAs(CheckBox.class).setSelected(false));
        robot.interact(() -> robot.lookup("#scale-set-bounds").queryAs(CheckBox.class).setSelected(false));
        assertThat(text("#scale-problem")).isEqualTo("Choose a size, autoscaling bounds, or both.");
        assertThat(sent).isEmpty();
    }

    @Test
    void aNewSizeSaysWhatWillHappenAndIsSentOnlyWhenConfirmed() throws Exception {
        robot.interact(() -> size().getValueFactory().setValue(6));
        assertThat(text("#scale-consequence")).isEqualTo("size 6, bounds null–null");
        assertThat(robot.lookup("#scale-problem").query().isVisible()).isFalse();
        assertThat(sent).isEmpty();
        robot.clickOn("#confirm-scale-pool");
        waitUntil(10, () -> !sent.isEmpty());
        assertThat(sent).containsExactly(PoolScale.size(6));
    }

    private Spinner<Integer> size() {
        return spinner("#scale-size");
    }

    private Spinner<Integer> spinner(String query) {
        return robot.lookup(query).query();
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }
}
