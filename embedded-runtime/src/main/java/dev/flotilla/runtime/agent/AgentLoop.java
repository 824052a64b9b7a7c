package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.kernel.Kernel;
import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.kernel.ModelCall;
import dev.flotilla.runtime.kernel.ModelCallChain;
import dev.flotilla.runtime.kernel.ModelCallException;
import dev.flotilla.runtime.kernel.RunCall;
import dev.flotilla.runtime.kernel.RunFailedException;
import dev.flotilla.runtime.kernel.RunResult;
import dev.flotilla.runtime.kernel.RunScope;
import dev.flotilla.runtime.kernel.ToolCall;
import dev.flotilla.runtime.kernel.ToolCallChain;
import dev.flotilla.runtime.kernel.ToolResult;
import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatOptions;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.tool.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One agent's work on one input: model, then tool calls and model again, for a bounded number of
 * steps. Each model step goes through the kernel's model-call chain (retries, breakers, fallbacks,
 * budgets, timeouts: whatever the node's modules registered) into the provider; each tool call
 * through the tool-call chain into the agent's tools. Every tool call, refused ones included, is a
 * {@code tool} step of the run's timeline, so a second round of model attempts is never unexplained.
 */
public final class AgentLoop {

    private final ModelCallChain models;
    private final ProviderCall providers;
    private final ToolCallChain toolCalls;
    private final Kernel kernel;
    private final ToolRegistry tools;
    private final Clock clock;
    /** Where streamed answers go as {@code run.delta} events; null: nowhere (agents' streaming is ignored). */
    private final Consumer<RuntimeEvent> deltas;
    private final String nodeId;
    /** Per agent definition: its model settings and its tools as models are told of them. */
    private final Map<AgentDefinition, ChatOptions> options = new ConcurrentHashMap<>();

    /** {@code providers} by name serve the agents' models; {@code tools} holds every tool an agent may list. */
    public AgentLoop(Kernel kernel, Map<String, ChatModel> providers, ToolRegistry tools, Clock clock) {
        this(kernel, providers, tools, clock, null, null);
    }

    /** The same, publishing streamed answers of node {@code nodeId} to {@code deltas}. */
    public AgentLoop(Kernel kernel, Map<String, ChatModel> providers, ToolRegistry tools, Clock clock,
                     Consumer<RuntimeEvent> deltas, String nodeId) {
        this.models = kernel.modelCalls();
        this.providers = new ProviderCall(providers);
        this.toolCalls = kernel.toolCalls();
        this.kernel = kernel;
        this.tools = tools;
        this.clock = clock;
        this.deltas = deltas;
        this.nodeId = nodeId;
    }

    /** How often a streamed answer is published at most (one event per run per interval). */
    static final Duration DELTA_EVERY = Duration.ofMillis(150);

    /**
     * Runs {@code agent} on the call's input until it answers, fails, or the run's deadline passes.
     *
     * @throws RunFailedException when no model answered a step, or the agent took all its steps
     * @throws InterruptedException when the run was stopped through its control (cancel, drain)
     */
    public RunResult run(AgentDefinition agent, RunCall call) throws RunFailedException, InterruptedException {
        RunScope run = call.run();
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(agent.systemPrompt()));
        messages.addAll(call.history());
        messages.add(ChatMessage.user(run.input()));
        int prompt = 0;
        int completion = 0;
        int cached = 0;
        int reasoning = 0;
        int cacheWrites = 0;
        int attempts = 1;
        ChatOptions asked = options.computeIfAbsent(agent, this::optionsOf);
        StreamedOutput streamed = agent.modelSettings().stream() && deltas != null
                ? new StreamedOutput(deltas, nodeId, run.runId(), run.agent(), clock, DELTA_EVERY) : null;
        if (streamed != null) asked = asked.withOutput(streamed);
        List<String> offered = kernel.offeredTools(run, agent.tools()); // e.g. what the run's tool role grants
        for (int step = 0; step < agent.maxSteps(); step++) {
            run.control().checkStop();
            ModelAnswer answer;
            try {
                answer = models.proceed(ModelCall.of(run, agent.models(), new ChatRequest(messages, offered, null, asked)), providers);
            } catch (ModelCallException e) {
                throw new RunFailedException(e.code(), e.getMessage(), attempts + Math.max(0, e.calls() - 1));
            } finally {
                if (streamed != null) streamed.flush();
            }
            attempts += Math.max(0, answer.calls() - 1);
            ChatResponse response = answer.response();
            prompt += response.promptTokens();
            completion += response.completionTokens();
            cached += response.cachedInputTokens();
            reasoning += response.reasoningTokens();
            cacheWrites += response.cacheWriteTokens();
            if (!response.wantsTools()) {
                return new RunResult(response.content(), prompt, completion, attempts, answer.model().toString(), answer.fallbackReason(),
                        cached, reasoning, cacheWrites, null);
            }
            AgentTools terminal = new AgentTools(agent, tools);
            List<ChatResponse.ToolCall> calls = new ArrayList<>();
            for (ChatResponse.ToolCall c : response.toolCalls()) {
                // the result goes back under the call's id; models that give none get one made up
                calls.add(c.id() != null ? c : new ChatResponse.ToolCall("call_" + step + "_" + calls.size(), c.name(), c.arguments()));
            }
            messages.add(ChatMessage.toolCalls(Objects.requireNonNullElse(response.content(), ""), calls));
            for (ChatResponse.ToolCall c : calls) {
                messages.add(ChatMessage.toolResult(c.id(), callTool(run, c, terminal).text()));
            }
        }
        throw new RunFailedException("model_rejected", "the agent did not answer within " + agent.maxSteps() + " steps", attempts);
    }

    /**
     * One tool call through the chain, written to the timeline whatever its outcome; a tool that
     * threw is an {@code error} step, and the exception goes on up (the runtime failed on the run).
     */
    private ToolResult callTool(RunScope run, ChatResponse.ToolCall asked, AgentTools terminal) throws InterruptedException {
        Instant start = clock.instant();
        String name = String.valueOf(asked.name()); // a provider's reply is not to be trusted
        ToolResult result;
        try {
            result = toolCalls.proceed(new ToolCall(run, name, Objects.requireNonNullElse(asked.arguments(), "")), terminal);
        } catch (RuntimeException e) {
            run.timeline().tool(start, name, ToolResult.Outcome.ERROR.wire(), abbreviate(String.valueOf(e.getMessage())), millisSince(start));
            throw e;
        }
        run.timeline().tool(start, name, result.outcome().wire(), result.detail(), millisSince(start));
        return result;
    }

    /** The agent's model settings, and its tools with the descriptions and schemas models are told. */
    private ChatOptions optionsOf(AgentDefinition agent) {
        List<ChatOptions.ToolSpec> specs = new ArrayList<>();
        for (String name : agent.tools()) {
            tools.find(name).ifPresent(t -> specs.add(new ChatOptions.ToolSpec(t.name(), t.description(), t.inputSchema())));
        }
        AgentDefinition.ModelSettings m = agent.modelSettings();
        return new ChatOptions(m.temperature(), m.maxOutputTokens(), specs, null);
    }

    private long millisSince(Instant start) {
        return Math.max(0, Duration.between(start, clock.instant()).toMillis());
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 299) + "…";
    }
}
