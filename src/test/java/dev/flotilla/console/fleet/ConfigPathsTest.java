package dev.flotilla.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigPathsTest {

    @Test
    void followsXdgFoldersWhenSet() {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "/data");
        assertThat(ConfigPaths.configDir(env, "/home/op")).isEqualTo(Path.of("/cfg/flotilla"));
        assertThat(ConfigPaths.dataDir(env, "/home/op")).isEqualTo(Path.of("/data/flotilla"));
    }

    @Test
    void fallsBackToTheHomeFolderWhenUnsetOrRelative() {
        assertThat(ConfigPaths.configDir(Map.of(), "/home/op")).isEqualTo(Path.of("/home/op/.config/flotilla"));
        assertThat(ConfigPaths.dataDir(Map.of("XDG_DATA_HOME", "relative"), "/home/op"))
                .isEqualTo(Path.of("/home/op/.local/share/flotilla"));
    }
}
