package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.resilience.CallScope;
import dev.flotilla.runtime.resilience.ModelAnswer;
import dev.flotilla.runtime.resilience.ModelPipeline;
import dev.flotilla.runtime.resilience.ModelUnavailableException;
import dev.flotilla.runtime.run.RunTimeline;
import dev.flotilla.runtime.tool.Tool;
import dev.flotilla.runtime.tool.ToolRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One agent's work on one input: model, then tool calls and model again, for a bounded number of
 * steps. Each model step goes through the {@link ModelPipeline} (retries, breakers, fallbacks,
 * timeouts), which writes what happened to the run's timeline.
 */
public final class AgentLoop {

    /**
     * The outcome of a loop that ended with an answer. {@code attempts} is 1 plus every retried
     * model call (a call to a fallback model is a retry of its step): tool steps are progress, not
     * attempts. {@code model} answered the last step, as {@code provider/model};
     * {@code fallbackReason} is why that step fell back, null when its primary answered.
     */
    public record Result(String output, int promptTokens, int completionTokens, int attempts,
                         String model, String fallbackReason) {}

    /** Thrown when the loop fails; carries an error code for the run record and the attempts made so far. */
    public static final class Failure extends Exception {
        private final String code;
        private final int attempts;

        Failure(String code, String message, int attempts) {
            super(message, null, false, false);
            this.code = code;
            this.attempts = attempts;
        }

        /** E.g. {@code model_unavailable}, {@code run_timeout}, {@code model_rejected}. */
        public String code() { return code; }

        public int attempts() { return attempts; }
    }

    private final ModelPipeline models;
    private final ToolRegistry tools;

    public AgentLoop(ModelPipeline models, ToolRegistry tools) {
        this.models = models;
        this.tools = tools;
    }

    /**
     * Runs the agent on {@code input} until it answers, fails, or {@code deadline} passes.
     *
     * @throws InterruptedException when the run was stopped through {@code handle} (cancel, drain)
     */
    public Result run(AgentDefinition agent, String runId, String input, List<ChatMessage> history, RunHandle handle,
                      RunTimeline timeline, Instant deadline) throws Failure, InterruptedException {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(agent.systemPrompt()));
        messages.addAll(history);
        messages.add(ChatMessage.user(input));
        CallScope scope = new CallScope(runId, agent.name(), agent.models(), deadline, timeline, handle);
        int prompt = 0;
        int completion = 0;
        int attempts = 1;
        for (int step = 0; step < agent.maxSteps(); step++) {
            handle.checkStop();
            ModelAnswer answer;
            try {
                answer = models.call(scope, new ChatRequest(messages, agent.tools()));
            } catch (ModelUnavailableException e) {
                throw new Failure(e.code(), e.getMessage(), attempts + Math.max(0, e.calls() - 1));
            }
            attempts += Math.max(0, answer.calls() - 1);
            ChatResponse response = answer.response();
            prompt += response.promptTokens();
            completion += response.completionTokens();
            if (!response.wantsTools()) {
                return new Result(response.content(), prompt, completion, attempts,
                        answer.model().toString(), answer.fallbackReason());
            }
            for (ChatResponse.ToolCall call : response.toolCalls()) {
                messages.add(ChatMessage.assistant("call " + call.name() + " " + call.arguments()));
                messages.add(ChatMessage.tool(callTool(agent, call, runId, input)));
            }
        }
        throw new Failure("model_rejected", "the agent did not answer within " + agent.maxSteps() + " steps", attempts);
    }

    private String callTool(AgentDefinition agent, ChatResponse.ToolCall call, String runId, String input) {
        // deny by default: the model may ask for anything; only the agent's own tools run
        if (!agent.tools().contains(call.name())) return "refused: tool " + call.name() + " is not permitted for " + agent.name();
        return tools.find(call.name())
                .map((Tool t) -> t.call(call.arguments(), new Tool.ToolContext(runId, agent.name(), input)))
                .orElse("refused: no tool named " + call.name());
    }
}
