package dev.flotilla.runtime.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.model.http.ApiKey;
import dev.flotilla.runtime.model.http.ProviderSettings;
import dev.flotilla.runtime.model.openai.OpenAiChatModel;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import dev.flotilla.runtime.tool.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP tools against the real reference servers from the npm registry
 * ({@code @modelcontextprotocol/server-everything}, {@code @modelcontextprotocol/server-filesystem}),
 * over stdio through the official MCP Java SDK.
 */
class McpToolsTest {

    static McpServers servers;
    @TempDir static Path files;

    @BeforeAll
    static void startServers() throws Exception {
        Files.writeString(files.resolve("notes.txt"), "the answer is 42");
        servers = McpServers.start(Map.of(
                "everything", new McpServerSpec("everything", McpServerCommands.everything(), Map.of(), null, Duration.ofSeconds(20), 20_000),
                "slow", new McpServerSpec("slow", McpServerCommands.everything(), Map.of(), null, Duration.ofSeconds(1), 40),
                "files", new McpServerSpec("files", McpServerCommands.filesystem(files), Map.of(), null, Duration.ofSeconds(20), 20_000)));
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) servers.close();
    }

    static Tool tool(String name) {
        return servers.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(
                "no tool " + name + " in " + servers.tools().stream().map(Tool::name).toList()));
    }

    @Test
    void toolsAreListedAsServerDotToolWithTheirSchemasAndCallable() {
        assertThat(servers.toolNames().get("everything")).contains("echo", "get-sum");
        Tool echo = tool("everything.echo");
        assertThat(echo.source()).isEqualTo("everything");
        assertThat(echo.description()).isNotBlank();
        assertThat(echo.inputSchema()).contains("\"message\"");
        assertThat(echo.call("{\"message\":\"hello mcp\"}", null)).isEqualTo("Echo: hello mcp");
        assertThat(tool("everything.get-sum").call("{\"a\":2,\"b\":40}", null)).contains("42");
        assertThat(tool("files.read_text_file").call("{\"path\":\"" + realPath(files.resolve("notes.txt")) + "\"}", null))
                .contains("the answer is 42");
    }

    @Test
    void aServerOverStreamableHttpServesItsToolsToo() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(McpServerCommands.everythingOverHttp()).redirectErrorStream(true);
        pb.environment().put("PORT", Integer.toString(port));
        Process server = pb.start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()));
            String line;
            while ((line = out.readLine()) != null && !line.contains("listening")) { } // npx may install first
            assertThat(line).as("the server's start line").isNotNull();
            Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep its output drained
            try (McpServers http = McpServers.start(Map.of("remote",
                    new McpServerSpec("remote", null, Map.of(), "http://127.0.0.1:" + port + "/mcp", Duration.ofSeconds(20), 20_000)))) {
                assertThat(http.toolNames().get("remote")).contains("echo");
                Tool echo = http.tools().stream().filter(t -> t.name().equals("remote.echo")).findFirst().orElseThrow();
                assertThat(echo.call("{\"message\":\"over http\"}", null)).isEqualTo("Echo: over http");
            }
        } finally {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
        }
    }

    @Test
    void aSlowToolIsCutAtItsTimeoutAndALongResultIsCut() {
        long start = System.nanoTime();
        String slow = tool("slow.trigger-long-running-operation").call("{\"duration\":10,\"steps\":2}", null);
        assertThat(slow).startsWith("error: tool slow.trigger-long-running-operation took longer than 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));

        String cut = tool("slow.echo").call("{\"message\":\"" + "x".repeat(500) + "\"}", null);
        assertThat(cut).startsWith("Echo: xxx").contains("… [cut: ").hasSizeLessThan(100);
    }

    @Test
    void aServerThatDiesIsRestartedAndItsToolsAreUnavailableMeanwhile() throws Exception {
        McpServers own = McpServers.start(Map.of("victim",
                new McpServerSpec("victim", McpServerCommands.everything(), Map.of("FLOTILLA_MCP_VICTIM", "1"), null, Duration.ofSeconds(20), 20_000)));
        try {
            McpConnection victim = own.connection("victim");
            Tool echo = own.tools().stream().filter(t -> t.name().equals("victim.echo")).findFirst().orElseThrow();
            List<ProcessHandle> processes = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("server-everything")
                            && environmentHas(p, "FLOTILLA_MCP_VICTIM")).toList();
            assertThat(processes).as("the victim server's processes").isNotEmpty();

            processes.forEach(ProcessHandle::destroyForcibly);

            await(() -> !victim.available(), Duration.ofSeconds(20), "the dead server marked unavailable");
            assertThat(echo.available()).isFalse();
            assertThat(echo.call("{\"message\":\"anyone?\"}", null)).startsWith("error: MCP server victim is unavailable");
            await(victim::available, Duration.ofSeconds(60), "the server started again");
            assertThat(victim.restarts()).isEqualTo(1);
            assertThat(echo.call("{\"message\":\"back\"}", null)).isEqualTo("Echo: back");
        } finally {
            own.close();
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** True when the process was started with {@code name} in its environment (read from /proc; Linux). */
    private static boolean environmentHas(ProcessHandle p, String name) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"))).contains(name + "=");
        } catch (Exception e) {
            return false;
        }
    }

    private static void await(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(50); // waiting on another process, not timing logic
        }
    }

    @Test
    void anAgentCallsARealMcpToolAndAnswersWithItsResult() throws Exception {
        try (MockWebServer provider = new MockWebServer()) {
            provider.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("""
                    {"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"finish_reason":"tool_calls",
                     "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_echo","type":"function",
                       "function":{"name":"everything_echo","arguments":"{\\"message\\":\\"hello from the agent\\"}"}}]}}],
                     "usage":{"prompt_tokens":40,"completion_tokens":12,"total_tokens":52}}"""));
            provider.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("""
                    {"id":"c2","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"finish_reason":"stop",
                     "message":{"role":"assistant","content":"The server said: Echo: hello from the agent"}}],
                     "usage":{"prompt_tokens":60,"completion_tokens":9,"total_tokens":69}}"""));
            provider.start();
            AgentDefinition agent = new AgentDefinition("assistant", "Use tools.", List.of("clock", "everything.echo"), 4, 2,
                    List.of(ModelRef.parse("openai/gpt-4.1-mini")), Duration.ofSeconds(30));
            FleetRuntime.Builder b = TestNodes.node().agent(agent)
                    .provider("openai", new OpenAiChatModel(ProviderSettings.of("openai", provider.url("/v1").toString(), ApiKey.of("sk-mcp-test-0123456789"))));
            servers.tools().forEach(b::tool);
            try (FleetRuntime node = b.build().start()) {
                Http http = TestNodes.http(node);
                JsonNode run = http.awaitTerminal(http.submit("assistant", "echo something", null), Duration.ofSeconds(20));

                assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
                assertThat(run.path("output").asText()).isEqualTo("The server said: Echo: hello from the agent");
                List<String> tools = new ArrayList<>();
                run.path("timeline").forEach(s -> { if (s.path("kind").asText().equals("tool")) tools.add(s.path("tool").asText() + ":" + s.path("outcome").asText()); });
                assertThat(tools).containsExactly("everything.echo:ok");

                JsonNode listed = http.get("/v1/tools").json().path("tools");
                JsonNode echo = null;
                for (JsonNode t : listed) if (t.path("name").asText().equals("everything.echo")) echo = t;
                assertThat(echo).as(listed.toString()).isNotNull();
                assertThat(echo.path("source").asText()).isEqualTo("everything");
                assertThat(echo.path("input_schema").path("properties").has("message")).isTrue();
                assertThat(echo.path("available").asBoolean()).isTrue();
                assertThat(listed.get(0).path("name").asText()).isEqualTo("clock");
                assertThat(listed.get(0).path("source").asText()).isEqualTo("builtin");

                JsonNode agents = http.get("/v1/agents").json().path("agents");
                assertThat(agents).hasSize(1);
                assertThat(agents.get(0).path("models").get(0).asText()).isEqualTo("openai/gpt-4.1-mini");
                assertThat(agents.get(0).path("tools").toString()).isEqualTo("[\"clock\",\"everything.echo\"]");
                assertThat(agents.get(0).path("system_prompt").asText()).isEqualTo("Use tools.");
                assertThat(agents.toString()).doesNotContain("sk-mcp-test");
            }
            provider.takeRequest();
            JsonNode second = Json.MAPPER.readTree(provider.takeRequest().getBody().readUtf8());
            JsonNode result = second.path("messages").get(3);
            assertThat(result.path("role").asText()).isEqualTo("tool");
            assertThat(result.path("tool_call_id").asText()).isEqualTo("call_echo");
            assertThat(result.path("content").asText()).isEqualTo("Echo: hello from the agent");
        }
    }
}
