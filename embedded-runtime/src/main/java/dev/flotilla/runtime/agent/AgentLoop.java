package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.resilience.ModelRetry;
import dev.flotilla.runtime.tool.Tool;
import dev.flotilla.runtime.tool.ToolRegistry;
import java.util.ArrayList;
import java.util.List;

/** One agent's work on one input: model, then tool calls and model again, for a bounded number of steps. */
public final class AgentLoop {

    /**
     * The outcome of a loop that ended with an answer. {@code attempts} is 1 plus every retried
     * model call: tool steps are progress, not attempts.
     */
    public record Result(String output, int promptTokens, int completionTokens, int attempts) {}

    /** Thrown when the loop fails; carries the attempts made so far. */
    public static final class Failure extends Exception {
        private final ModelException cause;
        private final int attempts;

        Failure(ModelException cause, int attempts) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
            this.attempts = attempts;
        }

        public String code() { return cause.code(); }

        public int attempts() { return attempts; }
    }

    private final ChatModel model;
    private final ToolRegistry tools;
    private final ModelRetry retry;

    public AgentLoop(ChatModel model, ToolRegistry tools, ModelRetry retry) {
        this.model = model;
        this.tools = tools;
        this.retry = retry;
    }

    public Result run(AgentDefinition agent, String runId, String input, List<ChatMessage> history, RunHandle handle)
            throws Failure, InterruptedException {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(agent.systemPrompt()));
        messages.addAll(history);
        messages.add(ChatMessage.user(input));
        int prompt = 0;
        int completion = 0;
        int[] calls = {0};
        for (int step = 0; step < agent.maxSteps(); step++) {
            handle.checkStop();
            ChatResponse response;
            try {
                response = retry.call(() -> {
                    calls[0]++;
                    return model.chat(new ChatRequest(messages, agent.tools()));
                }, handle);
            } catch (ModelException e) {
                throw new Failure(e, calls[0] - step);
            }
            prompt += response.promptTokens();
            completion += response.completionTokens();
            if (!response.wantsTools()) {
                return new Result(response.content(), prompt, completion, calls[0] - step);
            }
            for (ChatResponse.ToolCall call : response.toolCalls()) {
                messages.add(ChatMessage.assistant("call " + call.name() + " " + call.arguments()));
                messages.add(ChatMessage.tool(callTool(agent, call, runId, input)));
            }
        }
        throw new Failure(new ModelException(ModelException.Kind.REJECTED,
                "the agent did not answer within " + agent.maxSteps() + " steps"), calls[0] - agent.maxSteps() + 1);
    }

    private String callTool(AgentDefinition agent, ChatResponse.ToolCall call, String runId, String input) {
        // deny by default: the model may ask for anything; only the agent's own tools run
        if (!agent.tools().contains(call.name())) return "refused: tool " + call.name() + " is not permitted for " + agent.name();
        return tools.find(call.name())
                .map((Tool t) -> t.call(call.arguments(), new Tool.ToolContext(runId, agent.name(), input)))
                .orElse("refused: no tool named " + call.name());
    }
}
