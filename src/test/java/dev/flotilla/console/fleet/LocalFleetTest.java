package dev.flotilla.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.console.Await;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.runtime.fleet.DataDirLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's own fleet on a real data folder: it starts as the operator left it, and a second
 * console on the same folder attaches to it instead of failing.
 */
class LocalFleetTest {

    @TempDir
    Path data;

    private static LocalFleet started(Path dir, LocalFleetSettings settings) throws Exception {
        return LocalFleet.start(dir, settings).get(60, TimeUnit.SECONDS);
    }

    private static FleetInfo fleetOf(LocalFleet f) throws Exception {
        try (FleetClient client = new FleetClient(f.target().descriptor().url(), f.target().key())) {
            return client.fleet().get().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void itStartsAsTheOperatorLeftIt() throws Exception {
        // scaled by hand to 6 by a node that left the bounds at 4: autoscaling off, at 6
        LocalFleetSettings left = new LocalFleetSettings(false, Map.of("assistant", new LocalFleetSettings.Pool(6, 4, 4)));
        try (LocalFleet fleet = started(data, left); FleetClient client = new FleetClient(fleet.target().descriptor().url(), fleet.target().key())) {
            // the fleet view is the node's heartbeat: it shows the pool as applied within a beat
            FleetInfo.Node node = Await.node(client, "local", n -> n.pool("assistant").map(p -> p.size() == 6).orElse(false));
            assertThat(node.demoTraffic()).isFalse();
            assertThat(node.pool("assistant").orElseThrow()).extracting(FleetInfo.Pool::size, FleetInfo.Pool::autoscale)
                    .containsExactly(6, false);
        }
    }

    @Test
    void aSecondConsoleOnTheSameFolderAttachesToTheRunningFleetAndLeavesItRunning() throws Exception {
        LocalFleet first = started(data, LocalFleetSettings.NONE);
        try {
            Path address = data.resolve(LocalFleet.ADDRESS_FILE);
            assertThat(address).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(address))).isEqualTo("rw-------");
            assertThat(first.attached()).isFalse();

            LocalFleet second = started(data, LocalFleetSettings.NONE);
            assertThat(second.attached()).isTrue();
            assertThat(second.target().descriptor()).extracting(FleetDescriptor::url, FleetDescriptor::name, FleetDescriptor::kind)
                    .containsExactly(first.target().descriptor().url(), "Local fleet (attached)", FleetKind.LOCAL);
            assertThat(fleetOf(second).nodes()).hasSize(1); // its key is the running fleet's key

            second.close(); // the second console quits: the fleet is the first one's
            assertThat(fleetOf(first).nodes()).hasSize(1);
        } finally {
            first.close();
            first.close(); // once: the shutdown hook after an orderly quit does nothing more
        }
        assertThat(data.resolve(LocalFleet.ADDRESS_FILE)).doesNotExist();
    }

    @Test
    void aFolderTakenByANodeThatGivesNoAddressStillFailsWithThatReason() {
        try (DataDirLock taken = DataDirLock.acquire(data)) { // a headless node, say
            assertThatThrownBy(() -> started(data, LocalFleetSettings.NONE)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(LocalFleetException.class).hasMessageContaining("another Flotilla node or console is using");
        }
    }
}
