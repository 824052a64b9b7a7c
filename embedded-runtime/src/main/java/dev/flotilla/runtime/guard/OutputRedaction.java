package dev.flotilla.runtime.guard;

import dev.flotilla.runtime.kernel.RunCall;
import dev.flotilla.runtime.kernel.RunFailedException;
import dev.flotilla.runtime.kernel.RunInterceptor;
import dev.flotilla.runtime.kernel.RunResult;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Redacts secrets (and, where an agent asks for it, personal data) from a run's answer before it is
 * stored ({@link Stage#POLICY}): whatever a model echoed from a tool or its context, the stored
 * output, the API and the console never show it.
 */
final class OutputRedaction implements RunInterceptor {

    private final Redactors redactors;
    private final Clock clock;
    private final String nodeId;
    private final Consumer<RuntimeEvent> events;

    OutputRedaction(Redactors redactors, Clock clock, String nodeId, Consumer<RuntimeEvent> events) {
        this.redactors = redactors;
        this.clock = clock;
        this.nodeId = nodeId;
        this.events = events;
    }

    @Override
    public RunResult intercept(Chain chain) throws RunFailedException, InterruptedException {
        RunCall call = chain.call();
        RunResult result = chain.proceed(call);
        var redactor = redactors.of(call.agent());
        if (redactor.isEmpty()) return result;
        SecretRedactor.Redacted r = redactor.get().redact(result.output());
        if (!r.changed()) return result;
        events.accept(RuntimeEvent.GuardAction.of("redacted", clock.instant(), nodeId, call.run().runId(), call.agent(), "output", null));
        return new RunResult(r.text(), result.promptTokens(), result.completionTokens(), result.attempts(), result.model(),
                result.fallbackReason());
    }
}
