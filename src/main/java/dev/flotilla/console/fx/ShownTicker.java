package dev.flotilla.console.fx;

import java.time.Duration;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ObservableBooleanValue;

/** Calls {@code tick} every {@code every} on the FX thread, but only while the page is shown: hidden pages cost nothing. */
public final class ShownTicker {

    private ShownTicker() {}

    public static Timeline start(Duration every, Runnable tick, ObservableBooleanValue shown) {
        Timeline ticker = new Timeline(new KeyFrame(javafx.util.Duration.millis(every.toMillis()), e -> tick.run()));
        ticker.setCycleCount(Animation.INDEFINITE);
        shown.addListener((o, was, now) -> {
            if (now) ticker.playFromStart();
            else ticker.stop();
        });
        if (shown.get()) ticker.playFromStart();
        return ticker;
    }
}
