package dev.flotilla.runtime.money.budget;

import dev.flotilla.runtime.kernel.AdmissionInterceptor;
import dev.flotilla.runtime.kernel.Admitted;
import dev.flotilla.runtime.kernel.RunRefusedException;
import dev.flotilla.runtime.kernel.Submission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Refuses a run at once (429 {@code budget_exceeded}, {@code Retry-After} until the period ends)
 * when a budget that applies to it is spent: its spend reached the limit. Reads the node's copy of the budgets only:
 * no round trip per submission. Model budgets are left to the model calls (a run's models are not known here).
 */
public final class BudgetAdmission implements AdmissionInterceptor {

    private final BudgetBook book;
    private final Clock clock;
    private final Consumer<String> rejected;

    public BudgetAdmission(BudgetBook book, Clock clock, Consumer<String> rejected) {
        this.book = book;
        this.clock = clock;
        this.rejected = rejected;
    }

    @Override
    public Admitted intercept(Chain chain) throws RunRefusedException {
        Submission s = chain.call();
        if (!book.all().isEmpty()) {
            Instant now = clock.instant();
            for (Budget b : book.applicable(s.principal(), s.agent(), null)) {
                SpendScript.State st = book.state(b, now);
                if (st != null && spent(b, st)) {
                    rejected.accept(b.id());
                    Instant end = b.period().end(now);
                    Integer retry = end == null ? null : (int) Math.max(1, Duration.between(now, end).toSeconds() + 1);
                    throw new RunRefusedException(429, SpendGuard.EXCEEDED, String.format(Locale.ROOT,
                            "budget %s (%s %s) is spent: $%.4f of $%.2f this %s%s", b.name(), b.scope(),
                            b.subject() == null ? "" : b.subject(), st.spent(), b.limitUsd(), b.period().wire(),
                            end == null ? "; raise its limit to go on" : "; it starts again at " + end),
                            retry, Map.of());
                }
            }
        }
        return chain.proceed(s);
    }

    /** True when {@code b} is spent for admission (see the class). */
    public static boolean spent(Budget b, SpendScript.State st) {
        return st.spent() >= b.limitUsd() * (1 - 1e-9);
    }
}
