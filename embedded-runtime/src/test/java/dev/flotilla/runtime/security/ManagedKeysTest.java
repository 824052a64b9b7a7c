package dev.flotilla.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.MutableClock;
import dev.flotilla.runtime.store.RedisEndpoint;
import dev.flotilla.runtime.support.RawRedis;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Keys made, rotated and revoked through the API; stored hashed; followed by every node of the fleet. */
class ManagedKeysTest {

    static String key(Http.Response created) {
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    @Test
    void aCreatedKeyWorksWithItsRoleAndItsSecretIsShownOnceAndNeverStored() {
        try (FleetRuntime node = TestNodes.node().nodeId("keys").build().start()) {
            Http admin = TestNodes.http(node);
            Http.Response created = admin.post("/v1/keys", "{\"name\":\"dashboard\",\"role\":\"viewer\"}");
            String secret = key(created);
            String id = created.json().get("id").asText();
            assertThat(secret).startsWith("flt_").hasSize(68);
            assertThat(created.json().get("role").asText()).isEqualTo("viewer");
            assertThat(created.json().get("tool_role").asText()).isEqualTo("user");

            JsonNode me = admin.withKey(secret).get("/v1/whoami").json();
            assertThat(me.get("key_id").asText()).isEqualTo(id);
            assertThat(me.get("role").asText()).isEqualTo("viewer");
            assertThat(admin.withKey(secret).post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"x\"}").status()).isEqualTo(403);

            Http.Response list = admin.get("/v1/keys");
            assertThat(list.body()).contains(id).contains("dashboard").doesNotContain(secret).doesNotContain("secret_sha256");
            assertThat(list.json().get("keys").get(0).has("key")).as("the secret is shown only once").isFalse();
            // Redis holds the secret's SHA-256, never the secret
            try (var redis = RawRedis.client(RedisEndpoint.parse(node.redisUrl()))) {
                String dump = String.join("\n", redis.hvals("flotilla:{default}:apikeys"));
                assertThat(dump).doesNotContain(secret).contains(KeyRing.sha256(secret));
            }
        }
    }

    @Test
    void rotatingReplacesTheSecretAndRevokingStopsTheKey() {
        try (FleetRuntime node = TestNodes.node().nodeId("rotate").build().start()) {
            Http admin = TestNodes.http(node);
            Http.Response created = admin.post("/v1/keys", "{\"name\":\"ci\",\"role\":\"operator\"}");
            String first = key(created);
            String id = created.json().get("id").asText();
            Http.Response rotated = admin.post("/v1/keys/" + id + "/rotate", null);
            assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
            String second = rotated.json().get("key").asText();
            assertThat(second).isNotEqualTo(first);
            assertThat(admin.withKey(first).get("/v1/whoami").status()).isEqualTo(401);
            assertThat(admin.withKey(second).get("/v1/whoami").status()).isEqualTo(200);

            Http.Response revoked = admin.send("DELETE", "/v1/keys/" + id, null);
            assertThat(revoked.json().get("state").asText()).isEqualTo("revoked");
            Http.Response refused = admin.withKey(second).get("/v1/whoami");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().at("/error/message").asText()).contains("revoked");
            assertThat(admin.post("/v1/keys/" + id + "/rotate", null).status()).isEqualTo(409);
            assertThat(admin.send("DELETE", "/v1/keys/key_nosuch", null).status()).isEqualTo(404);
        }
    }

    @Test
    void badKeyRequestsAre400AndChangeNothing() {
        try (FleetRuntime node = TestNodes.node().nodeId("bad-keys").build().start()) {
            Http admin = TestNodes.http(node);
            for (String body : new String[] {
                    "{\"name\":\"x\",\"role\":\"root\"}", "{\"role\":\"viewer\"}", "{\"name\":\"x\"}",
                    "{\"name\":\"x\",\"role\":\"viewer\",\"tool_role\":\"BAD ROLE\"}",
                    "{\"name\":\"x\",\"role\":\"viewer\",\"expires_at\":\"yesterday\"}",
                    "{\"name\":\"x\",\"role\":\"viewer\",\"expires_at\":\"2001-01-01T00:00:00Z\"}",
                    "{\"name\":\"x\",\"role\":\"viewer\",\"colour\":\"red\"}"}) {
                Http.Response r = admin.post("/v1/keys", body);
                assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
            }
            assertThat(admin.get("/v1/keys").json().get("keys")).isEmpty();
        }
    }

    @Test
    void anExpiredKeyIs401ByTheNodesClock() {
        MutableClock clock = new MutableClock(Instant.now());
        try (FleetRuntime node = TestNodes.node().nodeId("expiry").clock(clock).build().start()) {
            Http admin = TestNodes.http(node);
            String secret = key(admin.post("/v1/keys", "{\"name\":\"temp\",\"role\":\"viewer\",\"expires_at\":\""
                    + clock.instant().plus(Duration.ofHours(1)) + "\"}"));
            assertThat(admin.withKey(secret).get("/v1/whoami").status()).isEqualTo(200);
            clock.advance(Duration.ofHours(2));
            Http.Response r = admin.withKey(secret).get("/v1/whoami");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().at("/error/message").asText()).contains("expired");
            assertThat(admin.get("/v1/keys").json().at("/keys/0/state").asText()).isEqualTo("expired");
        }
    }

    @Test
    void aKeyRevokedOnOneNodeStopsWorkingOnAnotherWithinTwoSeconds() {
        try (FleetRuntime a = TestNodes.node().nodeId("node-a").build().start();
             FleetRuntime b = TestNodes.node().nodeId("node-b").redisUrl(a.redisUrl()).build().start()) {
            Http adminA = TestNodes.http(a);
            Http.Response created = adminA.post("/v1/keys", "{\"name\":\"shared\",\"role\":\"operator\"}");
            String secret = key(created);
            Http onB = TestNodes.http(b).withKey(secret);
            assertThat(awaitStatus(onB, 200, Duration.ofSeconds(2))).as("a new key reaches the other node within 2 s").isTrue();

            adminA.send("DELETE", "/v1/keys/" + created.json().get("id").asText(), null);
            long start = System.nanoTime();
            assertThat(awaitStatus(onB, 401, Duration.ofSeconds(2))).as("revoked on a, refused on b within 2 s").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    /** Polls a real second node (its cache refreshes on its own thread), not timing logic of ours. */
    private static boolean awaitStatus(Http http, int status, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (http.get("/v1/whoami").status() == status) return true;
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return false;
    }

    @Test
    void aRunActsForAToolRoleOnlyWhenItsKeyMay() {
        try (FleetRuntime node = TestNodes.node().nodeId("tool-roles").build().start()) {
            Http admin = TestNodes.http(node);
            Http op = admin.withKey(key(admin.post("/v1/keys",
                    "{\"name\":\"support\",\"role\":\"operator\",\"tool_role\":\"user\",\"tool_roles\":[\"admin\"]}")));
            Http.Response asAdmin = op.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"hi\",\"tool_role\":\"admin\"}");
            assertThat(asAdmin.status()).as(asAdmin.body()).isEqualTo(202);
            JsonNode run = admin.get("/v1/runs/" + asAdmin.json().get("run_id").asText()).json();
            assertThat(run.at("/principal/tool_role").asText()).isEqualTo("admin");
            assertThat(run.at("/principal/key_name").asText()).isEqualTo("support");

            Http.Response byDefault = op.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"hi\"}");
            assertThat(admin.get("/v1/runs/" + byDefault.json().get("run_id").asText()).json().at("/principal/tool_role").asText())
                    .isEqualTo("user");

            Http.Response above = op.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"hi\",\"tool_role\":\"superadmin\"}");
            assertThat(above.status()).isEqualTo(403);
            assertThat(above.json().at("/error/code").asText()).isEqualTo("tool_role_forbidden");
            assertThat(above.json().at("/error/message").asText()).contains("superadmin").contains("support");
        }
    }

    @Test
    void failedAuthenticationsAreCountedAndThrottledPerAddress() {
        try (FleetRuntime node = TestNodes.node().nodeId("throttle").build().start()) {
            Http wrong = TestNodes.http(node).withKey("not-a-key-0123456789");
            for (int i = 0; i < 20; i++) assertThat(wrong.get("/v1/runs").status()).isEqualTo(401);
            Http.Response throttled = wrong.get("/v1/runs");
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.json().at("/error/code").asText()).isEqualTo("too_many_failures");
            assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
            String metrics = TestNodes.http(node).get("/metrics").body();
            assertThat(metrics).contains("flotilla_auth_failures_total{reason=\"unknown\"} 20.0")
                    .contains("flotilla_auth_failures_total{reason=\"throttled\"} 1.0");
        }
    }
}
