package dev.flotilla.runtime.model;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A stand-in for a real provider, labelled as simulated wherever it shows. Its replies are derived
 * from the conversation (so memory is visible: it quotes the session's first message), its token
 * counts from the text, and it fails on purpose at the configured rate.
 */
public final class SimulatedChatModel implements ChatModel {

    /** How the model waits; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final SimulatedModelConfig config;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public SimulatedChatModel(SimulatedModelConfig config) {
        this(config, d -> Thread.sleep(d), ThreadLocalRandom.current());
    }

    public SimulatedChatModel(SimulatedModelConfig config, Sleeper sleeper, RandomGenerator random) {
        this.config = config;
        this.sleeper = sleeper;
        this.random = random;
    }

    public SimulatedModelConfig config() { return config; }

    @Override
    public String name() { return "simulated"; }

    @Override
    public boolean simulated() { return true; }

    @Override
    public ChatResponse chat(ChatRequest request) throws ModelException, InterruptedException {
        RandomGenerator rnd = random instanceof ThreadLocalRandom ? ThreadLocalRandom.current() : random;
        if (rnd.nextDouble() < config.errorRate()) {
            throw fault(rnd);
        }
        sleeper.sleep(latency(rnd));
        List<ChatMessage> messages = request.messages();
        int promptTokens = Tokens.estimate(messages);
        ChatMessage last = messages.getLast();
        boolean toolAnswered = last.role() == ChatMessage.Role.TOOL;
        if (!toolAnswered && !request.tools().isEmpty() && rnd.nextDouble() < config.toolCallRate()) {
            String tool = request.tools().get(rnd.nextInt(request.tools().size()));
            return new ChatResponse("", List.of(new ChatResponse.ToolCall(tool, "{}")), promptTokens, 8);
        }
        String reply = reply(messages, toolAnswered ? last.content() : null);
        return new ChatResponse(reply, List.of(), promptTokens, Tokens.estimate(reply));
    }

    private static String reply(List<ChatMessage> messages, String toolResult) {
        List<ChatMessage> userTurns = messages.stream().filter(m -> m.role() == ChatMessage.Role.USER).toList();
        String question = userTurns.getLast().content();
        StringBuilder out = new StringBuilder("[simulated] You said: \"").append(abbreviate(question, 200)).append('"');
        if (userTurns.size() > 1) {
            out.append(". Earlier in this session (turn 1 of ").append(userTurns.size())
               .append(") you said: \"").append(abbreviate(userTurns.getFirst().content(), 200)).append('"');
        }
        if (toolResult != null) {
            out.append(". A tool answered: ").append(abbreviate(toolResult, 200));
        }
        return out.append('.').toString();
    }

    private Duration latency(RandomGenerator rnd) {
        double median = config.medianLatency().toNanos();
        double factor = Math.exp(config.latencySpread() * rnd.nextGaussian());
        long nanos = (long) Math.min(median * factor, median * 20 + 1);
        return Duration.ofNanos(nanos);
    }

    private ModelException fault(RandomGenerator rnd) throws InterruptedException {
        return switch (rnd.nextInt(4)) {
            case 0 -> new ModelException(ModelException.Kind.RATE_LIMITED,
                    "simulated 429 Too Many Requests", config.retryAfter());
            case 1 -> new ModelException(ModelException.Kind.SERVER_ERROR, "simulated 500 Internal Server Error");
            case 2 -> {
                sleeper.sleep(config.timeout());
                yield new ModelException(ModelException.Kind.TIMEOUT,
                        "simulated timeout after " + config.timeout().toMillis() + " ms");
            }
            default -> new ModelException(ModelException.Kind.MALFORMED, "simulated malformed reply: unexpected end of JSON");
        };
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
