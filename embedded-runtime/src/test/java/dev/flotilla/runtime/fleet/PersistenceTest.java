package dev.flotilla.runtime.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {

    @TempDir
    Path data;

    @Test
    void aSecondNodeOnTheSameDataFolderIsRefusedAndTheFirstKeepsRunning() {
        try (FleetRuntime first = FleetRuntime.builder().dataDir(data).simulatedModel(TestNodes.fastModel()).build().start()) {
            var second = FleetRuntime.builder().dataDir(data).simulatedModel(TestNodes.fastModel()).build();
            org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("another Flotilla");
            Http http = new Http(first.baseUrl(), first.adminKey());
            String id = http.submit("assistant", "still here", null);
            assertThat(http.awaitTerminal(id, Duration.ofSeconds(20)).path("status").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void aRestartedLocalNodeKeepsItsRunsAndItsGeneratedKey() throws Exception {
        String runId;
        String key;
        try (FleetRuntime node = FleetRuntime.builder().dataDir(data).simulatedModel(TestNodes.fastModel()).build().start()) {
            key = node.adminKey();
            Http http = new Http(node.baseUrl(), key);
            runId = http.submit("assistant", "remember me across restarts", null);
            http.awaitTerminal(runId, Duration.ofSeconds(20));
        }
        Path keyFile = data.resolve("admin.key");
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        try (FleetRuntime again = FleetRuntime.builder().dataDir(data).simulatedModel(TestNodes.fastModel()).build().start()) {
            assertThat(again.adminKey()).isEqualTo(key);
            Http http = new Http(again.baseUrl(), key);
            var run = http.get("/v1/runs/" + runId);
            assertThat(run.status()).isEqualTo(200);
            assertThat(run.json().path("status").asText()).isEqualTo("succeeded");
            assertThat(run.json().path("input").asText()).isEqualTo("remember me across restarts");
        }
    }
}
