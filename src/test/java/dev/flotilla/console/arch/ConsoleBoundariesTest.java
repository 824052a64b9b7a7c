package dev.flotilla.console.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md rules 1, 7 and 8: the console imports no Jedis; views import no HTTP; view-models nothing
 * of the scene graph; only the fx package hands work to the FX thread; and nothing on the UI side
 * blocks on a future, sleeps, or spins a nested event loop.
 */
class ConsoleBoundariesTest {

    private static final Path SOURCES = Path.of("main/java/dev/flotilla/console");

    @Test
    void theConsoleImportsNoRedisClient() throws IOException {
        assertThat(offenders(p -> true, l -> l.startsWith("import redis.") || l.startsWith("import static redis."))).isEmpty();
    }

    @Test
    void viewsImportNoHttp() throws IOException {
        assertThat(offenders(p -> p.getFileName().toString().endsWith("View.java"),
                l -> l.startsWith("import okhttp3.") || l.startsWith("import java.net.http."))).isEmpty();
    }

    @Test
    void viewModelsImportNoControls() throws IOException {
        assertThat(offenders(p -> p.getFileName().toString().endsWith("ViewModel.java"),
                l -> l.startsWith("import javafx.scene.control.") || l.startsWith("import okhttp3."))).isEmpty();
    }

    @Test
    void viewModelsImportNothingOfTheSceneGraph() throws IOException {
        assertThat(offenders(p -> p.getFileName().toString().endsWith("ViewModel.java"),
                l -> l.startsWith("import javafx.scene.") || l.startsWith("import javafx.application."))).isEmpty();
    }

    @Test
    void onlyTheFxPackageAndTheWiringHandWorkToTheFxThread() throws IOException {
        assertThat(offenders(p -> !p.startsWith(SOURCES.resolve("fx")) && !p.endsWith("ConsoleApp.java"),
                l -> l.contains("Platform.runLater") || l.contains("Platform::runLater"))).isEmpty();
    }

    @Test
    void nothingOnTheUiSideWaits() throws IOException {
        Predicate<Path> uiSide = p -> p.startsWith(SOURCES.resolve("feature")) || p.startsWith(SOURCES.resolve("shell"))
                || p.startsWith(SOURCES.resolve("session")) || p.startsWith(SOURCES.resolve("fx"));
        assertThat(offenders(uiSide, l -> l.contains(".join()") || l.contains("showAndWait(") || l.contains("Thread.sleep(")
                || l.matches(".*\\.get\\([^)]*TimeUnit.*"))).isEmpty();
    }

    private static List<String> offenders(Predicate<Path> which, Predicate<String> badImport) throws IOException {
        assertThat(SOURCES).isDirectory();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).filter(which)
                    .filter(p -> lines(p).anyMatch(badImport)).map(Path::toString).toList();
        }
    }

    /** The code lines of {@code p}; comments may name what the code must not do. */
    private static Stream<String> lines(Path p) {
        try {
            return Files.readAllLines(p).stream().map(String::strip)
                    .filter(l -> !l.startsWith("*") && !l.startsWith("/*") && !l.startsWith("//"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
