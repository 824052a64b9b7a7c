package dev.flotilla.console.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** STYLE.md rule 1: the console imports no Jedis; views import no HTTP; view-models no controls. */
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

    private static List<String> offenders(Predicate<Path> which, Predicate<String> badImport) throws IOException {
        assertThat(SOURCES).isDirectory();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).filter(which)
                    .filter(p -> lines(p).anyMatch(badImport)).map(Path::toString).toList();
        }
    }

    private static Stream<String> lines(Path p) {
        try {
            return Files.readAllLines(p).stream().map(String::strip);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
