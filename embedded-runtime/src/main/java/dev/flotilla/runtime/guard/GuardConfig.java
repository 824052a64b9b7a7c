package dev.flotilla.runtime.guard;

import dev.flotilla.runtime.kernel.Settings;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The guard's settings: for run inputs and for tool results, {@code off}, {@code flag} or
 * {@code block}; what to redact from outputs and tool results; the classifier's threshold (null: the
 * tuned one). Each has a node-wide default and per-agent exceptions. From the node's settings:
 * <pre>
 * FLOTILLA_GUARD_INPUT=flag            FLOTILLA_GUARD_INPUT_AGENTS=support=block,lab=off
 * FLOTILLA_GUARD_TOOLS=flag            FLOTILLA_GUARD_TOOLS_AGENTS=browser=block
 * FLOTILLA_GUARD_REDACT=secrets        FLOTILLA_GUARD_REDACT_AGENTS=crm=pii   (off | secrets | pii)
 * FLOTILLA_GUARD_THRESHOLD=0.84
 * FLOTILLA_GUARD_MODEL_URL=http://vllm:8000/v1  FLOTILLA_GUARD_MODEL=prompt-guard  FLOTILLA_GUARD_MODEL_KEY=…  FLOTILLA_GUARD_MODEL_TIMEOUT_MS=300
 * </pre>
 * The guard model ({@link GuardModel}) is off unless its URL is set.
 */
public record GuardConfig(PerAgent<GuardMode> input, PerAgent<GuardMode> tools, PerAgent<Redaction> redact, Double threshold,
                          GuardModel.Config model) {

    /** A default and its exceptions by agent name. */
    public record PerAgent<T>(T fallback, Map<String, T> byAgent) {
        public PerAgent {
            Objects.requireNonNull(fallback, "fallback is null");
            byAgent = Map.copyOf(byAgent);
        }

        public static <T> PerAgent<T> of(T value) { return new PerAgent<>(value, Map.of()); }

        public T of(String agent) { return byAgent.getOrDefault(agent, fallback); }

        /** The same with {@code agent} set to {@code value}. */
        public PerAgent<T> with(String agent, T value) {
            Map<String, T> m = new HashMap<>(byAgent);
            m.put(agent, value);
            return new PerAgent<>(fallback, m);
        }
    }

    public GuardConfig {
        Objects.requireNonNull(input, "input is null");
        Objects.requireNonNull(tools, "tools is null");
        Objects.requireNonNull(redact, "redact is null");
        if (threshold != null && !(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("threshold not in (0, 1): " + threshold);
    }

    /**
     * Flag inputs and tool results, redact secrets: a benign run is untouched (nothing is stored or
     * shown for it), a suspicious one goes on with its verdict noted, and no secret leaves in an output.
     */
    public static GuardConfig defaults() {
        return new GuardConfig(PerAgent.of(GuardMode.FLAG), PerAgent.of(GuardMode.FLAG), PerAgent.of(Redaction.SECRETS), null, null);
    }

    public GuardConfig withInput(PerAgent<GuardMode> v) { return new GuardConfig(v, tools, redact, threshold, model); }

    public GuardConfig withTools(PerAgent<GuardMode> v) { return new GuardConfig(input, v, redact, threshold, model); }

    public GuardConfig withRedact(PerAgent<Redaction> v) { return new GuardConfig(input, tools, v, threshold, model); }

    public GuardConfig withModel(GuardModel.Config v) { return new GuardConfig(input, tools, redact, threshold, v); }

    public static GuardConfig from(Settings s) {
        GuardConfig d = defaults();
        String thresholdText = s.text("FLOTILLA_GUARD_THRESHOLD").orElse(null);
        Double threshold = null;
        if (thresholdText != null) {
            try {
                threshold = Double.parseDouble(thresholdText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("FLOTILLA_GUARD_THRESHOLD is not a number: '" + thresholdText + "'");
            }
            if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("FLOTILLA_GUARD_THRESHOLD not in (0, 1): " + threshold);
        }
        return new GuardConfig(
                perAgent(s, "FLOTILLA_GUARD_INPUT", d.input.fallback(), GuardMode::parse),
                perAgent(s, "FLOTILLA_GUARD_TOOLS", d.tools.fallback(), GuardMode::parse),
                perAgent(s, "FLOTILLA_GUARD_REDACT", d.redact.fallback(), Redaction::parse),
                threshold, model(s));
    }

    private static GuardModel.Config model(Settings s) {
        String url = s.text("FLOTILLA_GUARD_MODEL_URL").orElse(null);
        if (url == null) return null;
        long ms = s.number("FLOTILLA_GUARD_MODEL_TIMEOUT_MS", 500);
        if (ms < 1) throw new IllegalArgumentException("FLOTILLA_GUARD_MODEL_TIMEOUT_MS < 1: " + ms);
        try {
            return new GuardModel.Config(url, s.text("FLOTILLA_GUARD_MODEL").orElse("prompt-guard"),
                    s.text("FLOTILLA_GUARD_MODEL_KEY").orElse(null), java.time.Duration.ofMillis(ms));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("FLOTILLA_GUARD_MODEL_URL is not a URL: '" + url + "'");
        }
    }

    private static <T> PerAgent<T> perAgent(Settings s, String name, T fallback, BiFunction<String, String, T> parse) {
        T all = s.text(name).map(v -> parse.apply(name, v)).orElse(fallback);
        Map<String, T> by = new HashMap<>();
        String list = s.text(name + "_AGENTS").orElse("");
        for (String item : list.split(",")) {
            if (item.isBlank()) continue;
            int eq = item.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException(name + "_AGENTS items are agent=value, not '" + item.strip() + "'");
            by.put(item.substring(0, eq).strip(), parse.apply(name + "_AGENTS", item.substring(eq + 1)));
        }
        return new PerAgent<>(all, by);
    }
}
