package dev.flotilla.runtime.ratelimit;

import dev.flotilla.runtime.kernel.AdmissionInterceptor;
import dev.flotilla.runtime.kernel.Admitted;
import dev.flotilla.runtime.kernel.RunRefusedException;
import dev.flotilla.runtime.kernel.Submission;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The gateway's rate limits as an admission interceptor ({@link Stage#LIMIT}): one Redis round trip
 * spends a token of the submitting key's bucket and of the agent's, or of neither. Every answer
 * carries the RateLimit-Policy and RateLimit headers of the limits that applied; a refusal is a 429
 * {@code rate_limited} with {@code Retry-After}, and a {@code ratelimit.rejected} event.
 */
final class RequestLimitsInterceptor implements AdmissionInterceptor {

    private final RequestLimits limits;
    private final Clock clock;
    private final String nodeId;
    private final Consumer<RuntimeEvent> events;

    RequestLimitsInterceptor(RequestLimits limits, Clock clock, String nodeId, Consumer<RuntimeEvent> events) {
        this.limits = limits;
        this.clock = clock;
        this.nodeId = nodeId;
        this.events = events;
    }

    @Override
    public Admitted intercept(Chain chain) throws RunRefusedException {
        Submission submission = chain.call();
        RequestLimits.Verdict verdict = limits.check(submission.principal().keyId(), submission.agent());
        Map<String, String> headers = verdict.quotas().isEmpty() ? Map.of()
                : Map.of(RateLimitHeaders.POLICY, RateLimitHeaders.policy(verdict), RateLimitHeaders.STATE, RateLimitHeaders.state(verdict));
        if (!verdict.admitted()) throw refusal(verdict, submission.agent(), headers);
        return chain.proceed(submission).withHeaders(headers);
    }

    private RunRefusedException refusal(RequestLimits.Verdict verdict, String agent, Map<String, String> headers) {
        int retryAfter = RateLimitHeaders.wholeSeconds(verdict.retryAfter());
        events.accept(new RuntimeEvent.RateLimited(clock.instant(), nodeId, verdict.scope(), verdict.subject(),
                verdict.retryAfter().toMillis()));
        RateLimit limit = verdict.quotas().stream().filter(q -> q.policy().equals(verdict.scope())).findFirst().orElseThrow().limit();
        String whose = verdict.scope().equals(RequestLimits.KEY) ? "this API key" : "agent '" + agent + "'";
        return new RunRefusedException(429, "rate_limited", "too many runs for " + whose + " (" + limit.perMinute()
                + " a minute, bursts of " + limit.burst() + ", fleet-wide); retry in " + retryAfter + " s", retryAfter, headers);
    }
}
