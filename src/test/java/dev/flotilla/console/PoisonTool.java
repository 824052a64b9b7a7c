package dev.flotilla.console;

import dev.flotilla.runtime.tool.Tool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A tool with a bug: it crashes on any input containing "poison", so every delivery of such a run
 * fails inside the runtime and the run ends in the dead letters. {@link #fix()} is the bug fixed,
 * after which a replayed run succeeds.
 */
public final class PoisonTool implements Tool {

    private final AtomicBoolean broken = new AtomicBoolean(true);

    @Override
    public String name() {
        return "parse";
    }

    @Override
    public String description() {
        return "Parses the user's message.";
    }

    @Override
    public String call(String argumentsJson, ToolContext context) {
        if (broken.get() && context.input().contains("poison")) {
            throw new IllegalStateException("the parser cannot digest this input");
        }
        return "parsed: " + context.input();
    }

    public void fix() {
        broken.set(false);
    }

    /** The bug is back (tests that share one tool put it back as they found it). */
    public void unfix() {
        broken.set(true);
    }
}
