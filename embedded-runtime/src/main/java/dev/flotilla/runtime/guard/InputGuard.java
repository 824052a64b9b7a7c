package dev.flotilla.runtime.guard;

import dev.flotilla.runtime.kernel.AdmissionInterceptor;
import dev.flotilla.runtime.kernel.Admitted;
import dev.flotilla.runtime.kernel.AuditEntry;
import dev.flotilla.runtime.kernel.AuditTrail;
import dev.flotilla.runtime.kernel.RunRefusedException;
import dev.flotilla.runtime.kernel.Submission;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The guard on a run's input, at admission ({@link Stage#GUARD}, so a refused input spends no
 * rate-limit token). Per agent: {@code off} reads nothing; {@code flag} lets a suspicious run in with
 * its verdict as annotations ({@code guard.verdict}, {@code guard.score}, {@code guard.reasons}),
 * stored in the write that creates the run; {@code block} answers 422 {@code input_rejected} with the
 * reasons and stores nothing. Either way the action is an event (counted in /metrics) and an audit
 * entry. A benign input costs only the check: nothing is stored, published or audited for it. With a
 * guard model set, an input the in-process layers pass is also put to it (its latency is then every run's).
 */
final class InputGuard implements AdmissionInterceptor {

    static final String VERDICT = "guard.verdict";
    static final String SCORE = "guard.score";
    static final String REASONS = "guard.reasons";

    private final Guard guard;
    private final GuardConfig.PerAgent<GuardMode> modes;
    private final Clock clock;
    private final String nodeId;
    private final Consumer<RuntimeEvent> events;
    private final AuditTrail audit;
    private final GuardModel model;

    InputGuard(Guard guard, GuardModel model, GuardConfig.PerAgent<GuardMode> modes, Clock clock, String nodeId,
               Consumer<RuntimeEvent> events, AuditTrail audit) {
        this.guard = guard;
        this.model = model;
        this.modes = modes;
        this.clock = clock;
        this.nodeId = nodeId;
        this.events = events;
        this.audit = audit;
    }

    @Override
    public Admitted intercept(Chain chain) throws RunRefusedException {
        Submission s = chain.call();
        GuardMode mode = modes.of(s.agent());
        if (mode == GuardMode.OFF) return chain.proceed(s);
        Verdict v = guard.check(s.input());
        if (model != null) v = model.confirm(v, s.input());
        if (!v.injection()) return chain.proceed(s);
        String reasons = String.join("; ", v.reasons());
        if (mode == GuardMode.BLOCK) {
            events.accept(RuntimeEvent.GuardAction.of("blocked", clock.instant(), nodeId, null, s.agent(), "input", v.score()));
            audit.record(new AuditEntry("guard.input", s.agent(), "refused", s.principal(), null, details(v)));
            throw new RunRefusedException(422, "input_rejected", "the input reads like a prompt injection (score " + v.scoreText()
                    + "): " + reasons + ". Rephrase it; if it is meant, an operator can set this agent's input guard to flag.",
                    null, Map.of());
        }
        s.annotations().put(VERDICT, "flagged");
        s.annotations().put(SCORE, v.scoreText());
        s.annotations().put(REASONS, String.join("\n", v.reasons()));
        Admitted admitted = chain.proceed(s);
        if (admitted.created()) {
            events.accept(RuntimeEvent.GuardAction.of("flagged", clock.instant(), nodeId, admitted.runId(), s.agent(), "input", v.score()));
            audit.record(new AuditEntry("guard.input", admitted.runId(), "flagged", s.principal(), null, details(v)));
        }
        return admitted;
    }

    static Map<String, Object> details(Verdict v) {
        return Map.of("score", v.score(), "reasons", v.reasons());
    }
}
