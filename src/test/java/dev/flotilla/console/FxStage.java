package dev.flotilla.console;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.layout.StackPane;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** A real, headless window for tests of one control or dialog, without the whole console. */
public final class FxStage {

    private FxStage() {}

    /** Shows an empty window and returns its root, for dialogs to be owned by. */
    public static StackPane show() throws Exception {
        FxToolkit.registerPrimaryStage();
        StackPane root = new StackPane();
        root.setPrefSize(900, 600);
        FxToolkit.setupSceneRoot(() -> root);
        FxToolkit.showStage();
        return root;
    }

    /** Waits until {@code condition} holds; it is read on the FX thread, where the scene lives. */
    public static void waitUntil(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get(5, TimeUnit.SECONDS));
    }
}
