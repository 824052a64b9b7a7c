package dev.flotilla.console.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fleet.LocalFleetSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the operator changes on the local fleet is remembered, from the fleet's snapshots, and survives a restart of the console. */
class LocalFleetMemoryTest {

    private final List<LocalFleetSettings> saved = new ArrayList<>();
    private final LocalFleetMemory memory = new LocalFleetMemory(LocalFleetSettings.NONE, saved::add);

    /** The local fleet's one node with its demo switch and its assistant pool. */
    private static FleetSnapshot local(boolean demo, int size, int min, int max) throws Exception {
        FleetInfo info = Json.MAPPER.readValue("""
                {"fleet": "default", "served_by": "local", "agents": ["assistant"], "queue": {"depth": 0, "by_agent": {}},
                 "nodes": [{"node_id": "local", "state": "active", "demo_traffic": %s, "model": "simulated", "simulated": true,
                            "pools": [{"agent": "assistant", "size": %d, "busy": 0, "idle": %d, "min": %d, "max": %d,
                                       "autoscale": %s, "agents": []}]}]}
                """.formatted(demo, size, size, min, max, min < max), FleetInfo.class);
        return new FleetSnapshot(info, Instant.parse("2026-11-27T12:00:00Z"));
    }

    @Test
    void whatTheNodeStartsWithIsNotPinnedButEachChangeIsRemembered() throws Exception {
        memory.onSignals(List.of(local(true, 4, 4, 4), local(true, 4, 4, 4)));
        assertThat(saved).as("nothing changed yet").isEmpty();

        memory.onSignals(List.of(local(false, 4, 4, 4))); // demo traffic switched off
        assertThat(saved.getLast()).isEqualTo(new LocalFleetSettings(false, Map.of()));

        memory.onSignals(List.of(local(false, 8, 8, 8))); // scaled by hand to 8, autoscaling off
        assertThat(saved.getLast()).isEqualTo(new LocalFleetSettings(false, Map.of("assistant", new LocalFleetSettings.Pool(8, 8, 8))));

        memory.onSignals(List.of(local(false, 8, 2, 12))); // autoscaling turned on
        assertThat(saved.getLast().pools()).containsEntry("assistant", new LocalFleetSettings.Pool(8, 2, 12));
        assertThat(saved).hasSize(3);
    }

    @Test
    void theRememberedSettingsSurviveARestartOfTheConsole(@TempDir Path config) {
        SettingsStore store = new SettingsStore(config);
        LocalFleetSettings local = new LocalFleetSettings(false, Map.of("assistant", new LocalFleetSettings.Pool(8, 8, 8)));
        store.save(Settings.defaults().withTheme("light").withLocalFleet(local));

        Settings loaded = new SettingsStore(config).load();
        assertThat(loaded.localFleetOrNone()).isEqualTo(local);
        assertThat(loaded.theme()).isEqualTo("light");
        assertThat(Settings.defaults().localFleetOrNone()).isEqualTo(LocalFleetSettings.NONE);
    }
}
