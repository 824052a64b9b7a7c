package dev.flotilla.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.RedisEndpoint;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.NodeProcesses;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code serve} process started the way an operator would on a shared machine: no
 * {@code --host}, the Redis password in a file, and an admin key file that others could read.
 */
class ServeDefaultsTest {

    private static final String KEY = "flt_serve-defaults-test-key-0123456789";

    @TempDir
    static Path dir;

    private static EmbeddedRedis redis;
    private static Process node;
    private static Http http;
    private static int port;
    private static Path keyFile;
    private static String redisPassword;

    @BeforeAll
    static void startANode() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        assumeThat(System.getenv("FLOTILLA_HOST")).as("FLOTILLA_HOST unset").isNull();
        assumeThat(System.getenv("FLOTILLA_ADMIN_KEY")).as("FLOTILLA_ADMIN_KEY unset").isNull();
        redis = EmbeddedRedis.ephemeral();
        RedisEndpoint e = redis.endpoint();
        redisPassword = e.password();
        Path data = Files.createDirectories(dir.resolve("data"));
        keyFile = Files.writeString(data.resolve("admin.key"), KEY + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        Path passwordFile = Files.writeString(dir.resolve("redis.password"), redisPassword + "\n");
        port = NodeProcesses.freePort();
        node = NodeProcesses.serve(dir.resolve("node.log"), Map.of(),
                "--port", Integer.toString(port), "--node-id", "private", "--data-dir", data.toString(),
                "--redis-url", "redis://" + e.host() + ":" + e.port(), "--redis-password-file", passwordFile.toString(),
                "--sim-latency-ms", "20", "--sim-latency-spread", "0", "--sim-error-rate", "0");
        http = new Http("http://127.0.0.1:" + port, KEY);
        NodeProcesses.awaitHealthy(http, node);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (node != null) node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        if (redis != null) redis.close();
    }

    @Test
    void theGatewayCannotBeReachedFromAnotherInterface() throws Exception {
        Optional<InetAddress> outside = nonLoopbackAddress();
        assumeThat(outside).as("a non-loopback IPv4 address on this machine").isPresent();
        assertThat(http.withKey(null).get("/health").status()).isEqualTo(200);
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(outside.get(), port), 2000);
            }
        }).as("connecting to " + outside.get() + ":" + port).isInstanceOf(IOException.class);
    }

    @Test
    void theRedisPasswordFromAFileWorksAndIsNeitherWarnedAboutNorLogged() throws Exception {
        String id = http.submit("assistant", "hello", null);
        JsonNode run = http.awaitTerminal(id, Duration.ofSeconds(30));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        String log = Files.readString(dir.resolve("node.log"));
        assertThat(log).doesNotContain(redisPassword).doesNotContain(RedisUrls.WARNING);
    }

    @Test
    void anAdminKeyFileOpenToOthersIsMadeOwnerOnlyWithAWarningAndStillWorks() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String log = Files.readString(dir.resolve("node.log"));
        assertThat(log.lines().filter(l -> l.contains("admin key file") && l.contains("owner-only"))).hasSize(1);
        assertThat(log).doesNotContain(KEY);
        assertThat(http.get("/v1/fleet").status()).isEqualTo(200);
        assertThat(http.withKey("flt_some-other-key-0123456789").get("/v1/fleet").status()).isEqualTo(401);
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(ServeDefaultsTest::up)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
    }

    private static boolean up(NetworkInterface n) {
        try {
            return n.isUp() && !n.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
