package dev.flotilla.console.fx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;

/** Forms written in FXML: each lies beside its controller's class (src/main/resources, same package). */
public final class Fxml {

    private Fxml() {}

    /** Loads {@code name} from beside {@code controller}'s class, with {@code controller} as its controller. */
    public static <T> T load(Object controller, String name) {
        URL url = controller.getClass().getResource(name);
        if (url == null) throw new IllegalStateException(name + " is missing beside " + controller.getClass().getName());
        FXMLLoader loader = new FXMLLoader(url);
        loader.setController(controller);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + url, e);
        }
    }
}
