package dev.flotilla.runtime.guard;

import dev.flotilla.runtime.kernel.AdmissionInterceptor;
import dev.flotilla.runtime.kernel.FleetModule;
import dev.flotilla.runtime.kernel.ModuleContext;
import dev.flotilla.runtime.kernel.RunInterceptor;
import dev.flotilla.runtime.kernel.ToolCallInterceptor;
import java.util.Objects;

/**
 * The input and output guard: prompt-injection checks on run inputs (admission, {@code GUARD}) and
 * on tool results (tool calls, {@code PERMIT}), and secret redaction of tool results and run outputs
 * (runs, {@code POLICY}). Settings in {@link GuardConfig}; the checks in {@link Guard}. What is off
 * for every agent is not registered, so it costs nothing.
 */
public final class GuardModule implements FleetModule {

    private final GuardConfig config;
    private final Guard guard;

    private GuardModule(GuardConfig config, Guard guard) {
        this.config = config;
        this.guard = guard;
    }

    /** The guard as the node's settings say ({@link GuardConfig#from}), read when it registers. */
    public static GuardModule fromSettings() {
        return new GuardModule(null, null);
    }

    /** The guard with {@code config} (tests, embedding). */
    public static GuardModule of(GuardConfig config) {
        return new GuardModule(Objects.requireNonNull(config, "config is null"), null);
    }

    @Override
    public String name() { return "guard"; }

    @Override
    public void register(ModuleContext ctx) {
        GuardConfig c = config != null ? config : GuardConfig.from(ctx.settings());
        boolean inputs = anyOn(c.input()), tools = anyOn(c.tools());
        boolean redacts = c.redact().fallback() != Redaction.OFF || c.redact().byAgent().values().stream().anyMatch(r -> r != Redaction.OFF);
        if (!inputs && !tools && !redacts) return;
        Guard g = guard != null ? guard : Guard.standard();
        if (c.threshold() != null) g = g.withThreshold(c.threshold());
        Redactors redactors = new Redactors(c.redact());
        GuardModel model = c.model() == null ? null : new GuardModel(c.model(), GuardModel.defaultBreaker());
        if (inputs) ctx.interceptAdmission(AdmissionInterceptor.Stage.GUARD,
                new InputGuard(g, model, c.input(), ctx.clock(), ctx.nodeId(), ctx.events(), ctx.audit()));
        if (tools || redacts) ctx.interceptToolCalls(ToolCallInterceptor.Stage.PERMIT,
                new ToolResultGuard(g, c.tools(), redactors, ctx.clock(), ctx.nodeId(), ctx.events(), ctx.audit()));
        if (redacts) ctx.interceptRuns(RunInterceptor.Stage.POLICY, new OutputRedaction(redactors, ctx.clock(), ctx.nodeId(), ctx.events()));
    }

    private static boolean anyOn(GuardConfig.PerAgent<GuardMode> modes) {
        return modes.fallback() != GuardMode.OFF || modes.byAgent().values().stream().anyMatch(m -> m != GuardMode.OFF);
    }
}
