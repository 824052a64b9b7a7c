package dev.flotilla.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetStoreTest {

    @TempDir
    Path dir;

    private static FleetTarget remote(String id, String url, String key) {
        return new FleetTarget(new FleetDescriptor(id, "Prod " + id, url, FleetKind.REMOTE), new ApiKey(key));
    }

    @Test
    void savesOnlyForTheOwnerAndTheKeyRoundTrips() throws Exception {
        Path config = dir.resolve("flotilla");
        FleetStore store = new FleetStore(config);
        FleetTarget prod = remote("r1", "https://prod.example:8443", "prod-key-0123456789abcdef");
        store.save(List.of(prod));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rwx------");
        List<FleetTarget> loaded = new FleetStore(config).load();
        assertThat(loaded).hasSize(1);
        assertThat(loaded.getFirst().descriptor()).isEqualTo(prod.descriptor());
        assertThat(loaded.getFirst().key().reveal()).isEqualTo("prod-key-0123456789abcdef");
    }

    @Test
    void aKeyNeverShowsInFullOutsideTheStore() {
        ApiKey key = new ApiKey("prod-key-0123456789abcdef");
        assertThat(key.toString()).doesNotContain("prod-key").endsWith("cdef");
        assertThat(new FleetTarget(remote("r", "http://h:1", "prod-key-0123456789abcdef").descriptor(), key).toString())
                .doesNotContain("prod-key-0123456789abcdef");
    }

    @Test
    void localFleetsAreNotSaved() throws Exception {
        FleetStore store = new FleetStore(dir);
        FleetTarget local = new FleetTarget(new FleetDescriptor("local", "Local", "http://127.0.0.1:1", FleetKind.LOCAL), new ApiKey("k"));
        store.save(List.of(local, remote("r1", "http://a:1", "key-a")));
        assertThat(store.load()).extracting(t -> t.descriptor().id()).containsExactly("r1");
    }

    @Test
    void noFileMeansNoSavedFleets() throws Exception {
        assertThat(new FleetStore(dir.resolve("missing")).load()).isEmpty();
    }

    @Test
    void aBrokenFileIsAClearErrorAndIsKeptAsideOnTheNextSave() throws Exception {
        Files.writeString(dir.resolve(FleetStore.FILE_NAME), "{\"fleets\": [ {\"id\": \"x\", ");
        FleetStore store = new FleetStore(dir);

        assertThatThrownBy(store::load)
                .isInstanceOf(FleetStoreException.class)
                .hasMessageContaining(dir.resolve(FleetStore.FILE_NAME).toString())
                .hasMessageContaining("cannot be read");

        store.save(List.of(remote("r2", "http://b:2", "key-b")));
        assertThat(dir.resolve(FleetStore.FILE_NAME + ".broken")).exists();
        assertThat(store.load()).extracting(t -> t.descriptor().id()).containsExactly("r2");
    }

    @Test
    void anEntryWithABadUrlOrNoKeyIsAClearError() throws Exception {
        Files.writeString(dir.resolve(FleetStore.FILE_NAME),
                "{\"version\":1,\"fleets\":[{\"id\":\"x\",\"name\":\"X\",\"url\":\"ftp://x\",\"api_key\":\"k\"}]}");
        assertThatThrownBy(() -> new FleetStore(dir).load())
                .isInstanceOf(FleetStoreException.class)
                .hasMessageContaining("http:// or https://");
    }

    @Test
    void aBrokenFileIsReportedByPlaceNeverByQuotingTheKeyInIt() throws Exception {
        // a key someone typed into the file by hand, without quotes
        Files.writeString(dir.resolve(FleetStore.FILE_NAME),
                "{\"version\":1,\"fleets\":[{\"id\":\"x\",\"url\":\"http://x:1\",\"api_key\": prodkey0123456789}]}");
        assertThatThrownBy(() -> new FleetStore(dir).load())
                .isInstanceOf(FleetStoreException.class)
                .hasMessageContaining("not valid JSON at line 1")
                .hasNoCause()
                .message().doesNotContain("prodkey");
    }

    @Test
    void anEntryWithoutAKeyNamesTheEntry() throws Exception {
        Files.writeString(dir.resolve(FleetStore.FILE_NAME),
                "{\"version\":1,\"fleets\":[{\"id\":\"x\",\"name\":\"X\",\"url\":\"http://x:1\"}]}");
        assertThatThrownBy(() -> new FleetStore(dir).load())
                .isInstanceOf(FleetStoreException.class)
                .hasMessageContaining("fleet 1 has no api_key");
    }
}
