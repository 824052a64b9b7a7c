package dev.flotilla.runtime.model;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a real provider, labelled as simulated wherever it shows. Its replies are derived
 * from the conversation (so memory is visible: it quotes the session's first message), its token
 * counts from the text, and it fails on purpose.
 *
 * <p>It serves any model name ({@link ChatRequest#model()}); each model may have its own
 * {@link SimulatedModelConfig} ({@link #withModel}), so a demo can make {@code simulated/primary}
 * fail while {@code simulated/fallback} answers. It asks for a tool it is offered when the latest
 * user message names it ({@code word_count} or {@code word count}), else now and then at the
 * model's tool-call rate; once a tool answered, it answers quoting the tool. A marker
 * {@code [tool:NAME]} or {@code [tool:NAME {"arg": 1}]} in the latest user message makes it ask for
 * that tool with those arguments whether it was offered or not, as a prompt-injected model would.
 * Faults come two ways:
 * <ul>
 *   <li>at the model's error rate, split evenly among the retryable faults: 429 (with the
 *       configured Retry-After), 500, timeout (after waiting the configured timeout), connection
 *       reset, malformed reply;</li>
 *   <li>on demand, from a marker in the latest user message: {@code [fail:CODE]} fails every call
 *       of that input, {@code [fail@MODEL:CODE]} only calls to that model; CODE is one of
 *       {@code 400} (bad request), {@code 401} (unauthorized), {@code 429}, {@code 500},
 *       {@code timeout}, {@code reset}, {@code malformed}. For example
 *       {@code "hello [fail@primary:500]"} is answered by the fallback model.</li>
 * </ul>
 */
public final class SimulatedChatModel implements ChatModel {

    private static final Pattern MARKER =
            Pattern.compile("\\[fail(?:@([A-Za-z0-9._:/@-]+))?:(400|401|429|500|timeout|reset|malformed)]");

    /** How the model waits; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final SimulatedModelConfig config;
    private final Map<String, SimulatedModelConfig> perModel;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public SimulatedChatModel(SimulatedModelConfig config) {
        this(config, d -> Thread.sleep(d), ThreadLocalRandom.current());
    }

    public SimulatedChatModel(SimulatedModelConfig config, Sleeper sleeper, RandomGenerator random) {
        this(config, Map.of(), sleeper, random);
    }

    private SimulatedChatModel(SimulatedModelConfig config, Map<String, SimulatedModelConfig> perModel,
                               Sleeper sleeper, RandomGenerator random) {
        this.config = config;
        this.perModel = Map.copyOf(perModel);
        this.sleeper = sleeper;
        this.random = random;
    }

    /** The behaviour of every model without a configuration of its own. */
    public SimulatedModelConfig config() { return config; }

    /** The behaviour of one model. */
    public SimulatedModelConfig config(String model) {
        return model == null ? config : perModel.getOrDefault(model, config);
    }

    /** A copy in which {@code model} behaves as {@code modelConfig}; other models are unchanged. */
    public SimulatedChatModel withModel(String model, SimulatedModelConfig modelConfig) {
        Map<String, SimulatedModelConfig> next = new HashMap<>(perModel);
        next.put(model, modelConfig);
        return new SimulatedChatModel(config, next, sleeper, random);
    }

    @Override
    public String name() { return "simulated"; }

    @Override
    public boolean simulated() { return true; }

    @Override
    public ChatResponse chat(ChatRequest request) throws ModelException, InterruptedException {
        RandomGenerator rnd = random instanceof ThreadLocalRandom ? ThreadLocalRandom.current() : random;
        SimulatedModelConfig config = config(request.model());
        String asked = markedFault(request);
        if (asked != null) throw fault(asked, config);
        if (rnd.nextDouble() < config.errorRate()) {
            throw fault(RANDOM_FAULTS.get(rnd.nextInt(RANDOM_FAULTS.size())), config);
        }
        sleeper.sleep(latency(rnd, config));
        List<ChatMessage> messages = request.messages();
        int promptTokens = Tokens.estimate(messages);
        ChatMessage last = messages.getLast();
        boolean toolAnswered = last.role() == ChatMessage.Role.TOOL;
        if (!toolAnswered) {
            ChatResponse.ToolCall marked = markedTool(request); // asked for by name, offered or not (a prompt-injected model)
            if (marked != null) return new ChatResponse("", List.of(marked), promptTokens, 8);
        }
        if (!toolAnswered && !request.tools().isEmpty()) {
            String tool = mentionedTool(request);
            if (tool == null && rnd.nextDouble() < config.toolCallRate()) tool = request.tools().get(rnd.nextInt(request.tools().size()));
            if (tool != null) return new ChatResponse("", List.of(new ChatResponse.ToolCall(tool, "{}")), promptTokens, 8);
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

    /** The first offered tool the latest user message names, with its underscores or as words; or null. */
    private static String mentionedTool(ChatRequest request) {
        String input = null;
        for (ChatMessage m : request.messages()) if (m.role() == ChatMessage.Role.USER) input = m.content();
        if (input == null) return null;
        for (String tool : request.tools()) {
            if (names(input, tool)) return tool;
        }
        return null;
    }

    /** Whether {@code text} holds {@code tool}, ignoring case, an underscore matching a space too; allocates nothing. */
    private static boolean names(String text, String tool) {
        int n = tool.length();
        for (int at = 0; at + n <= text.length(); at++) {
            int i = 0;
            while (i < n) {
                char t = Character.toLowerCase(text.charAt(at + i));
                char c = Character.toLowerCase(tool.charAt(i));
                if (t != c && !(c == '_' && t == ' ')) break;
                i++;
            }
            if (i == n) return true;
        }
        return false;
    }

    /**
     * The tool call a marker in the latest user message asks for, {@code [tool:NAME]} or
     * {@code [tool:NAME {"arg": ...}]} (arguments a JSON object), or null; allocates nothing without one.
     */
    static ChatResponse.ToolCall markedTool(ChatRequest request) {
        String input = null;
        for (ChatMessage m : request.messages()) if (m.role() == ChatMessage.Role.USER) input = m.content();
        if (input == null) return null;
        for (int at = input.indexOf("[tool:"); at >= 0; at = input.indexOf("[tool:", at + 1)) {
            int i = at + 6;
            int nameStart = i;
            while (i < input.length() && isNameChar(input.charAt(i))) i++;
            if (i == nameStart || i >= input.length()) continue;
            String name = input.substring(nameStart, i);
            if (input.charAt(i) == ']') return new ChatResponse.ToolCall(name, "{}");
            if (input.charAt(i) != ' ') continue;
            while (i < input.length() && input.charAt(i) == ' ') i++;
            int end = objectEnd(input, i);
            if (end < 0) continue;
            int close = end + 1;
            while (close < input.length() && input.charAt(close) == ' ') close++;
            if (close < input.length() && input.charAt(close) == ']') return new ChatResponse.ToolCall(name, input.substring(i, end + 1));
        }
        return null;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    /** The index of the '}' closing the JSON object that starts at {@code from}, or -1; strings may hold braces. */
    private static int objectEnd(String s, int from) {
        if (from >= s.length() || s.charAt(from) != '{') return -1;
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The fault a marker in the latest user message asks of this model, or null. */
    private static String markedFault(ChatRequest request) {
        String input = null;
        for (ChatMessage m : request.messages()) if (m.role() == ChatMessage.Role.USER) input = m.content();
        if (input == null || input.indexOf("[fail") < 0) return null;
        Matcher m = MARKER.matcher(input);
        while (m.find()) {
            if (m.group(1) == null || m.group(1).equals(request.model())) return m.group(2);
        }
        return null;
    }

    private Duration latency(RandomGenerator rnd, SimulatedModelConfig config) {
        double median = config.medianLatency().toNanos();
        double factor = Math.exp(config.latencySpread() * rnd.nextGaussian());
        long nanos = (long) Math.min(median * factor, median * 20 + 1);
        return Duration.ofNanos(nanos);
    }

    private static final List<String> RANDOM_FAULTS = List.of("429", "500", "timeout", "reset", "malformed");

    private ModelException fault(String code, SimulatedModelConfig config) throws InterruptedException {
        return switch (code) {
            case "400" -> new ModelException(ModelException.Kind.BAD_REQUEST, "simulated 400 Bad Request");
            case "401" -> new ModelException(ModelException.Kind.UNAUTHORIZED, "simulated 401 Unauthorized: check the API key");
            case "429" -> new ModelException(ModelException.Kind.RATE_LIMITED,
                    "simulated 429 Too Many Requests", config.retryAfter());
            case "500" -> new ModelException(ModelException.Kind.SERVER_ERROR, "simulated 500 Internal Server Error");
            case "timeout" -> {
                sleeper.sleep(config.timeout());
                yield new ModelException(ModelException.Kind.TIMEOUT,
                        "simulated timeout after " + config.timeout().toMillis() + " ms");
            }
            case "reset" -> new ModelException(ModelException.Kind.CONNECTION_RESET, "simulated connection reset by peer");
            default -> new ModelException(ModelException.Kind.MALFORMED, "simulated malformed reply: unexpected end of JSON");
        };
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
