package dev.flotilla.runtime.toolpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.api.BodyReader;
import dev.flotilla.runtime.api.Gateway;
import dev.flotilla.runtime.api.ModuleRoutes;
import dev.flotilla.runtime.kernel.AuditEntry;
import dev.flotilla.runtime.security.ApiKeys;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.kernel.Kernel;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.kernel.RunControl;
import dev.flotilla.runtime.kernel.RunScope;
import dev.flotilla.runtime.kernel.Timeline;
import dev.flotilla.runtime.kernel.ToolCall;
import dev.flotilla.runtime.kernel.ToolCallInterceptor;
import dev.flotilla.runtime.kernel.ToolResult;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.support.Modules;
import dev.flotilla.runtime.support.TestScripts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The module alone on a real Redis: two kernels of one fleet as two nodes would have them; a
 * version one publishes is in force on the other at its next heartbeat, never earlier and with no
 * Redis call per tool call; every decision is audited without the arguments.
 */
class ToolPolicyModuleTest {

    static final ToolCallInterceptor TOOL = chain -> ToolResult.ok("ran " + chain.call().tool());

    static RunScope run(String toolRole) {
        return new RunScope(new Principal("k1", "alice", dev.flotilla.runtime.kernel.OperatorRole.OPERATOR, toolRole), "run_1",
                "assistant", "hi", Instant.now().plusSeconds(60), Timeline.NONE, RunControl.NEVER);
    }

    @Test
    void aVersionPublishedByOneNodeIsEnforcedByAnotherAtItsNextHeartbeatAndEveryDecisionIsAudited() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral()) {
            List<AuditEntry> audited = new CopyOnWriteArrayList<>();
            ToolPolicyModule onA = new ToolPolicyModule();
            Kernel a = Kernel.builder().fleet("tp").nodeId("a").scripts(TestScripts.on(redis.endpoint())).module(onA).build();
            Kernel b = Kernel.builder().fleet("tp").nodeId("b").scripts(TestScripts.on(redis.endpoint()))
                    .module(Modules.of("audit", ctx -> ctx.keepAuditTrail(audited::add))).module(new ToolPolicyModule()).build();

            ToolCall secret = new ToolCall(run("user"), "delete_files", "{\"path\": \"/secret\"}");
            assertThat(b.toolCalls().proceed(secret, TOOL).outcome()).isEqualTo(ToolResult.Outcome.REFUSED);
            assertThat(b.offeredTools(run("user"), List.of("delete_files", "clock"))).containsExactly("clock");

            PolicyStore store = new PolicyStore(TestScripts.load(redis.endpoint(), PolicyStore.SCRIPT), name -> "flotilla:{tp}:" + name);
            long n = store.publish(0L, new PolicyVersion(1, ToolPolicy.parse("{\"roles\": {\"user\": {\"delete_files\": {}}}}"),
                    "users may delete", Instant.now(), "admin", null));
            assertThat(n).isEqualTo(1);
            // not yet: node b reads the policy on its heartbeat, not on each call
            assertThat(b.toolCalls().proceed(secret, TOOL).outcome()).isEqualTo(ToolResult.Outcome.REFUSED);

            assertThat(b.heartbeat()).isEqualTo(Map.of("toolpolicy", Map.of("policy_version", 1L, "calls_dropped", 0L)));
            assertThat(b.toolCalls().proceed(secret, TOOL).text()).isEqualTo("ran delete_files");
            assertThat(b.offeredTools(run("user"), List.of("delete_files", "clock"))).containsExactly("delete_files");

            assertThat(audited).hasSize(3);
            AuditEntry first = audited.getFirst();
            assertThat(first.action()).isEqualTo("tool.call");
            assertThat(first.target()).isEqualTo("delete_files");
            assertThat(first.outcome()).isEqualTo("refused");
            assertThat(first.actor().keyName()).isEqualTo("alice");
            assertThat(first.details()).containsEntry("input_size", secret.arguments().length()).containsEntry("tool_role", "user")
                    .containsEntry("policy_version", 0L);
            assertThat(audited.getLast().outcome()).isEqualTo("allowed");
            assertThat(audited.toString()).doesNotContain("/secret");

            // the calls b decided went to the fleet with its heartbeat, for dry runs (arguments kept there, not in the audit)
            assertThat(store.calls(10)).hasSize(2);
            assertThat(a.heartbeat()).containsKey("toolpolicy");
            assertThat(onA.enforcedVersion()).isEqualTo(1);
        }
    }

    @Test
    void aPublishAndARollbackAreAuditedWithWhoWhenAndTheVersionsBeforeAndAfter() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral()) {
            List<AuditEntry> audited = new CopyOnWriteArrayList<>();
            Kernel kernel = Kernel.builder().fleet("tp").scripts(TestScripts.on(redis.endpoint()))
                    .module(Modules.of("audit", ctx -> ctx.keepAuditTrail(audited::add))).module(new ToolPolicyModule()).build();
            String key = "audit-test-admin-key-0123456789";
            Gateway gateway = new Gateway(ApiKeys.of(key), BodyReader.forInput(10_000), List.of(new ModuleRoutes(kernel.routes())))
                    .start("127.0.0.1", 0);
            try {
                Http http = new Http("http://127.0.0.1:" + gateway.port(), key);
                assertThat(http.post("/v1/tool-policy", "{\"comment\": \"lock down\", \"policy\": {\"roles\": {\"user\": {}}}}")
                        .status()).isEqualTo(201);
                assertThat(http.post("/v1/tool-policy", "{\"comment\": \"bad\", \"policy\": {\"roles\": {\"user\": 1}}}")
                        .status()).isEqualTo(422);
                assertThat(http.post("/v1/tool-policy/rollback", "{\"version\": 0}").status()).isEqualTo(201);
            } finally {
                gateway.close();
            }
            assertThat(audited).extracting(AuditEntry::action).containsExactly("tool_policy.published", "tool_policy.rolled_back");
            AuditEntry published = audited.getFirst();
            assertThat(published.target()).isEqualTo("tool-policy v1");
            assertThat(published.actor().keyName()).isEqualTo("admin");
            assertThat(published.client()).isEqualTo("127.0.0.1");
            assertThat(published.details()).containsEntry("before_version", 0L).containsEntry("after_version", 1L)
                    .containsEntry("comment", "lock down").containsEntry("changes", 7); // every grant of the defaults
            assertThat(audited.getLast().details()).containsEntry("before_version", 1L).containsEntry("after_version", 2L)
                    .containsEntry("comment", "rollback to v0");
        }
    }
}
