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
 * blocks on a future, sleeps, or spins a nested event loop. And pages are plug-ins: the shell knows
 * none by name, no page imports another, and only ConsolePages lists them.
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
                || p.startsWith(SOURCES.resolve("session")) || p.startsWith(SOURCES.resolve("fx")) || p.startsWith(SOURCES.resolve("page"));
        assertThat(offenders(uiSide, l -> l.contains(".join()") || l.contains("showAndWait(") || l.contains("Thread.sleep(")
                || l.matches(".*\\.get\\([^)]*TimeUnit.*"))).isEmpty();
    }

    @Test
    void theShellKnowsNoPageByName() throws IOException {
        // pages come from the registry; the sidebar is part of the window, not a page
        assertThat(offenders(p -> p.startsWith(SOURCES.resolve("shell")) || p.startsWith(SOURCES.resolve("page")),
                l -> l.startsWith("import dev.flotilla.console.feature.") && !l.startsWith("import dev.flotilla.console.feature.sidebar."))).isEmpty();
    }

    @Test
    void aPageImportsNoOtherPage() throws IOException {
        try (Stream<Path> pages = Files.list(SOURCES.resolve("feature"))) {
            for (Path page : pages.filter(Files::isDirectory).toList()) {
                String own = "import dev.flotilla.console.feature." + page.getFileName() + ".";
                assertThat(offenders(p -> p.startsWith(page), l -> l.startsWith("import dev.flotilla.console.feature.") && !l.startsWith(own)))
                        .as(page.getFileName().toString()).isEmpty();
            }
        }
    }

    @Test
    void onlyTheConsolePagesListNamesEveryPage() throws IOException {
        assertThat(offenders(p -> !p.startsWith(SOURCES.resolve("feature")) && !p.endsWith("ConsolePages.java"),
                l -> l.matches("import dev\\.flotilla\\.console\\.feature\\.\\w+\\.\\w+Page;"))).isEmpty();
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
