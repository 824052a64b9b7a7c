package dev.flotilla.runtime.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The runtime runs headless on servers: it never imports JavaFX (DESIGN.md, STYLE.md rule 1). */
class RuntimeBoundariesTest {

    @Test
    void theRuntimeImportsNoJavaFx() throws IOException {
        Path sources = Path.of("src/main/java");
        assertThat(sources).isDirectory();
        try (Stream<Path> files = Files.walk(sources)) {
            List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> read(p).lines().anyMatch(l -> l.startsWith("import javafx.") || l.startsWith("import static javafx.")))
                    .map(Path::toString).toList();
            assertThat(offenders).isEmpty();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
