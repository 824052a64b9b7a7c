package dev.flotilla.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.api.GatewayTls;
import dev.flotilla.runtime.store.RedisEndpoint;
import dev.flotilla.runtime.support.TestNodes;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway serves HTTPS from a key store; nodes take rediss:// URLs for Redis over TLS. */
class TransportTest {

    @TempDir
    Path dir;

    @Test
    void theGatewayServesHttpsOnlyWithTheKeyStoresCertificate() throws Exception {
        Path store = dir.resolve("node.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "secret-pass").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        try (FleetRuntime node = TestNodes.node().nodeId("tls").tls(new GatewayTls(store, "secret-pass")).build().start()) {
            assertThat(node.baseUrl()).startsWith("https://127.0.0.1:");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                trust.load(in, "secret-pass".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> me = client.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/whoami"))
                    .header("Authorization", "Bearer " + TestNodes.KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(me.body()).contains("\"role\":\"admin\"");

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest overHttp = HttpRequest.newBuilder(URI.create(node.baseUrl().replace("https://", "http://") + "/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            // plain HTTP to the TLS port: refused, never answered in clear
            HttpResponse<String> answer = null;
            try {
                answer = plain.send(overHttp, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException expected) {
                // the connection is dropped
            }
            if (answer != null) assertThat(answer.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void aKeyStoreThatCannotBeReadIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> new GatewayTls(dir.resolve("missing.p12"), "x")).hasMessageContaining("missing.p12");
        assertThat(new GatewayTls(dir, "hidden").toString()).doesNotContain("hidden");
    }

    @Test
    void redissUrlsAskForTls() {
        RedisEndpoint tls = RedisEndpoint.parse("rediss://:pw@redis.example:6380");
        assertThat(tls.ssl()).isTrue();
        assertThat(tls.toString()).isEqualTo("rediss://:***@redis.example:6380");
        assertThat(RedisEndpoint.parse("redis://redis.example").ssl()).isFalse();
        assertThatThrownBy(() -> RedisEndpoint.parse("http://redis.example")).hasMessageContaining("rediss://");
    }
}
