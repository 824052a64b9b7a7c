package dev.flotilla.console;

import javafx.application.Application;

/**
 * Starts the console. A plain class, because launching an {@code Application} subclass directly
 * from the classpath fails with "JavaFX runtime components are missing".
 */
public final class ConsoleMain {

    private ConsoleMain() {}

    public static void main(String[] args) {
        Application.launch(ConsoleApp.class, args);
        // the window closed and the local fleet drained; end stray non-daemon threads of libraries too
        System.exit(0);
    }
}
