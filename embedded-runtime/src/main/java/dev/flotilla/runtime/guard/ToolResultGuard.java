package dev.flotilla.runtime.guard;

import dev.flotilla.runtime.kernel.AuditEntry;
import dev.flotilla.runtime.kernel.AuditTrail;
import dev.flotilla.runtime.kernel.ToolCall;
import dev.flotilla.runtime.kernel.ToolCallInterceptor;
import dev.flotilla.runtime.kernel.ToolResult;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a tool answered passes the guard before the model reads it (an injected web page or file is
 * the common path): secrets are redacted first (per agent), then the injection check (per agent, its
 * own setting): {@code flag} hands the result on and notes the verdict on the tool step of the run's
 * timeline; {@code block} withholds it (the model is told it was refused, and why). Refusals and
 * errors pass untouched.
 */
final class ToolResultGuard implements ToolCallInterceptor {

    private final Guard guard;
    private final GuardConfig.PerAgent<GuardMode> modes;
    private final Redactors redactors;
    private final Clock clock;
    private final String nodeId;
    private final Consumer<RuntimeEvent> events;
    private final AuditTrail audit;

    ToolResultGuard(Guard guard, GuardConfig.PerAgent<GuardMode> modes, Redactors redactors, Clock clock, String nodeId,
                    Consumer<RuntimeEvent> events, AuditTrail audit) {
        this.guard = guard;
        this.modes = modes;
        this.redactors = redactors;
        this.clock = clock;
        this.nodeId = nodeId;
        this.events = events;
        this.audit = audit;
    }

    @Override
    public ToolResult intercept(Chain chain) throws InterruptedException {
        ToolCall call = chain.call();
        ToolResult result = chain.proceed(call);
        if (result.outcome() != ToolResult.Outcome.OK) return result;
        String answered = result.text();
        String text = answered;
        String detail = result.detail();
        SecretRedactor.Redacted r = redactors.of(call.agent()).map(x -> x.redact(answered)).orElse(null);
        if (r != null && r.changed()) {
            events.accept(RuntimeEvent.GuardAction.of("redacted", clock.instant(), nodeId, call.runId(), call.agent(), "tool_result", null));
            text = r.text();
            detail = "redacted " + String.join(", ", r.kinds());
        }
        GuardMode mode = modes.of(call.agent());
        Verdict v = mode == GuardMode.OFF ? Verdict.CLEAN : guard.check(text);
        if (!v.injection()) return detail == result.detail() ? result : new ToolResult(ToolResult.Outcome.OK, text, detail);
        String reasons = String.join("; ", v.reasons());
        Map<String, Object> details = Map.of("tool", call.tool(), "score", v.score(), "reasons", v.reasons());
        if (mode == GuardMode.BLOCK) {
            events.accept(RuntimeEvent.GuardAction.of("blocked", clock.instant(), nodeId, call.runId(), call.agent(), "tool_result", v.score()));
            audit.record(new AuditEntry("guard.tool_result", call.runId(), "withheld", call.principal(), null, details));
            return ToolResult.refused("the guard withheld what " + call.tool() + " answered: it reads like a prompt injection (score "
                    + v.scoreText() + "): " + reasons);
        }
        events.accept(RuntimeEvent.GuardAction.of("flagged", clock.instant(), nodeId, call.runId(), call.agent(), "tool_result", v.score()));
        audit.record(new AuditEntry("guard.tool_result", call.runId(), "flagged", call.principal(), null, details));
        String note = "guard flagged (score " + v.scoreText() + "): " + reasons;
        return new ToolResult(ToolResult.Outcome.OK, text, detail == null ? note : detail + "; " + note);
    }
}
