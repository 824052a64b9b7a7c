package dev.flotilla.console.fx;

import dev.flotilla.console.fleet.ConnectionState;
import javafx.scene.shape.Circle;

/** The coloured dot of a connection state, in the sidebar and the status bar alike. */
public final class StateDot {

    private StateDot() {}

    public static Circle create(double radius, ConnectionState initial) {
        Circle dot = new Circle(radius);
        dot.getStyleClass().add("state-dot");
        paint(dot, initial);
        return dot;
    }

    /** {@code s} may be null (no fleet): the dot then keeps the neutral colour. */
    public static void paint(Circle dot, ConnectionState s) {
        dot.getStyleClass().removeAll("connected", "connecting", "reconnecting", "failed");
        if (s == null) return;
        dot.getStyleClass().add(switch (s) {
            case ConnectionState.Connected c -> "connected";
            case ConnectionState.Connecting c -> "connecting";
            case ConnectionState.Reconnecting r -> "reconnecting";
            case ConnectionState.Failed f -> "failed";
        });
    }
}
