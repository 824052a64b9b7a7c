package dev.flotilla.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The gateway speaks HTTP and sees the store only through the node (a store outage is mapped, not imported). */
class ApiBoundaryTest {

    @Test
    void theGatewayImportsNoRedisClient() throws IOException {
        Path api = Path.of("src/main/java/dev/flotilla/runtime/api");
        assertThat(api).isDirectory();
        try (Stream<Path> files = Files.walk(api)) {
            List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> read(p).lines().anyMatch(l -> l.startsWith("import redis.") || l.startsWith("import static redis.")))
                    .map(Path::toString).toList();
            assertThat(offenders).isEmpty();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
