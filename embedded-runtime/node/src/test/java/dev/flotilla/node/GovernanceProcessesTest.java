package dev.flotilla.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.NodeProcesses;
import dev.flotilla.runtime.support.TestNodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Two real node processes on one Redis: a key revoked through one stops working on the other
 * within two seconds, without a restart; the audit log exported from either verifies offline with
 * {@code flotilla-node audit verify}, and a tampered export is refused naming the entry.
 */
class GovernanceProcessesTest {

    @TempDir
    Path dir;

    @Test
    void revocationReachesTheOtherProcessAndTheExportVerifiesOffline() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral()) {
            List<Process> nodes = new ArrayList<>();
            List<Http> gateways = new ArrayList<>();
            try {
                for (int i = 1; i <= 2; i++) {
                    int port = NodeProcesses.freePort();
                    nodes.add(NodeProcesses.serve(dir.resolve("n" + i + ".log"),
                            Map.of("FLOTILLA_REDIS_URL", NodeProcesses.url(redis.endpoint()), "FLOTILLA_ADMIN_KEY", TestNodes.KEY),
                            "--port", Integer.toString(port), "--host", "127.0.0.1", "--node-id", "n" + i, "--pool-size", "1",
                            "--drain-timeout-seconds", "1", "--data-dir", Files.createDirectories(dir.resolve("n" + i)).toString()));
                    gateways.add(new Http("http://127.0.0.1:" + port, TestNodes.KEY));
                }
                for (int i = 0; i < 2; i++) NodeProcesses.awaitHealthy(gateways.get(i), nodes.get(i));
                Http one = gateways.get(0);
                Http.Response created = one.post("/v1/keys", "{\"name\":\"pager\",\"role\":\"operator\"}");
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                Http two = gateways.get(1).withKey(created.json().get("key").asText());
                assertThat(await(two, 200, Duration.ofSeconds(2))).isTrue();
                assertThat(two.get("/v1/whoami").json().get("key_name").asText()).isEqualTo("pager");

                one.send("DELETE", "/v1/keys/" + created.json().get("id").asText(), null);
                long start = System.nanoTime();
                assertThat(await(two, 401, Duration.ofSeconds(2))).as("revoked through n1, refused by n2 within 2 s").isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

                // both entries are on the fleet's one chain; export it from the other node and verify it offline
                Path export = dir.resolve("audit.jsonl");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                String body = "";
                while (System.nanoTime() < deadline && body.lines().count() < 2) body = gateways.get(1).get("/v1/audit/export").body();
                Files.writeString(export, body);
                assertThat(body.lines().count()).isEqualTo(2);
                StringWriter out = new StringWriter();
                assertThat(verify(export, out)).as(out.toString()).isZero();
                assertThat(out.toString()).contains("ok: 2 entries, verified through #2");

                Files.writeString(export, body.replace("\"action\":\"key.revoked\"", "\"action\":\"key.rotated\""));
                StringWriter tampered = new StringWriter();
                assertThat(verify(export, tampered)).isEqualTo(1);
                assertThat(tampered.toString()).contains("BROKEN at #2");
                assertThat(verify(dir.resolve("no-such-file.jsonl"), new StringWriter())).isEqualTo(2);
            } finally {
                for (Process p : nodes) p.destroy();
                for (Process p : nodes) p.waitFor();
            }
        }
    }

    private static int verify(Path file, StringWriter out) {
        CommandLine cli = NodeMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute("audit", "verify", file.toString());
    }

    /** Polls a real process, not timing logic of ours. */
    private static boolean await(Http http, int status, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (http.get("/v1/whoami").status() == status) return true;
            Thread.sleep(25);
        }
        return false;
    }
}
