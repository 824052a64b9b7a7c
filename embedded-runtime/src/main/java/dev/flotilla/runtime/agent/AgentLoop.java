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

    /** {@code providers} by name serve the agents' models; {@code tools} holds every tool an agent may list. */
    public AgentLoop(Kernel kernel, Map<String, ChatModel> providers, ToolRegistry tools, Clock clock) {
        this.models = kernel.modelCalls();
        this.providers = new ProviderCall(providers);
        this.toolCalls = kernel.toolCalls();
        this.kernel = kernel;
        this.tools = tools;
        this.clock = clock;
    }

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
        int attempts = 1;
        List<String> offered = kernel.offeredTools(run, agent.tools()); // e.g. what the run's tool role grants
        for (int step = 0; step < agent.maxSteps(); step++) {
            run.control().checkStop();
            ModelAnswer answer;
            try {
                answer = models.proceed(ModelCall.of(run, agent.models(), new ChatRequest(messages, offered)), providers);
            } catch (ModelCallException e) {
                throw new RunFailedException(e.code(), e.getMessage(), attempts + Math.max(0, e.calls() - 1));
            }
            attempts += Math.max(0, answer.calls() - 1);
            ChatResponse response = answer.response();
            prompt += response.promptTokens();
            completion += response.completionTokens();
            cached += response.cachedInputTokens();
            reasoning += response.reasoningTokens();
            if (!response.wantsTools()) {
                return new RunResult(response.content(), prompt, completion, attempts, answer.model().toString(), answer.fallbackReason(),
                        cached, reasoning, null);
            }
            AgentTools terminal = new AgentTools(agent, tools);
            for (ChatResponse.ToolCall asked : response.toolCalls()) {
                messages.add(ChatMessage.assistant("call " + asked.name() + " " + asked.arguments()));
                messages.add(ChatMessage.tool(callTool(run, asked, terminal).text()));
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

    private long millisSince(Instant start) {
        return Math.max(0, Duration.between(start, clock.instant()).toMillis());
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 299) + "…";
    }
}
