package dev.flotilla.runtime.money.budget;

import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.kernel.ModelCall;
import dev.flotilla.runtime.kernel.ModelCallException;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import dev.flotilla.runtime.kernel.RunFailedException;
import dev.flotilla.runtime.kernel.RunInterceptor;
import dev.flotilla.runtime.kernel.RunResult;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.Tokens;
import dev.flotilla.runtime.money.price.ModelPrice;
import dev.flotilla.runtime.money.price.PriceTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prices every model call and holds budgets, fleet-wide, by reservation. Before a call that a budget
 * limits, ONE script step settles the run's earlier calls and reserves this call's maximum cost
 * (its prompt's tokens, plus its model's maximum output, at the price in effect) against every
 * budget that applies, all or nothing, when each still has room (spent + reserved below its
 * limit): so spend passes a limit by at most one call's maximum, however many nodes and runs; the call's real cost is settled by the run's next
 * reservation, or, for its last call, by the {@link SettleBatcher}. A refused reservation ends the
 * run {@code budget_exceeded} (budget action {@code refuse}) or sends the step on to the next model
 * of the agent's chain ({@code downgrade}); the timeline says which.
 *
 * <p>Two interceptors share the per-run state: {@link #modelCalls()} at {@code SPEND}, and
 * {@link #runs()}, which opens a run's state, prices its result and hands its last settlements on.
 */
public final class SpendGuard {

    public static final String EXCEEDED = "budget_exceeded";
    public static final String DOWNGRADED = "budget_downgrade";
    /** How long after a run's deadline its reservations are released if nobody settled them (its node died, nobody took it over). */
    private static final Duration RESERVATION_GRACE = Duration.ofMinutes(2);

    private final Clock clock;
    private final PriceTable prices;
    private final BudgetBook book;
    private final SpendScript spend;
    private final SettleBatcher batcher;
    private final SpendListener listener;
    private final Map<String, RunSpend> runs = new ConcurrentHashMap<>();

    public SpendGuard(Clock clock, PriceTable prices, BudgetBook book, SpendScript spend, SettleBatcher batcher, SpendListener listener) {
        this.clock = clock;
        this.prices = prices;
        this.book = book;
        this.spend = spend;
        this.batcher = batcher;
        this.listener = listener;
    }

    /** The run interceptor: one state per execution; the result priced; a budget's refusal named as the run's failure. */
    public RunInterceptor runs() {
        return chain -> {
            String runId = chain.call().runId();
            RunSpend state = new RunSpend();
            runs.put(runId, state);
            try {
                return chain.proceed(chain.call()).withCost(state.costUsd());
            } catch (RunFailedException e) {
                String why = state.refusal();
                if (why != null && !e.code().equals(EXCEEDED)) throw new RunFailedException(EXCEEDED, why, e.attempts());
                throw e;
            } finally {
                runs.remove(runId, state);
                batcher.add(state.takePending());
            }
        };
    }

    /** The {@code SPEND} model-call interceptor. */
    public ModelCallInterceptor modelCalls() {
        return this::intercept;
    }

    private ModelAnswer intercept(ModelCallInterceptor.Chain chain) throws ModelCallException, InterruptedException {
        ModelCall call = chain.call();
        RunSpend state = runs.computeIfAbsent(call.runId(), id -> new RunSpend()); // a call outside a run interceptor (tests)
        Instant now = clock.instant();
        String model = call.model().toString();
        ModelPrice price = prices.at(model, now);
        List<Budget> budgets = book.applicable(call.principal(), call.agent(), model);
        List<SpendScript.BudgetRef> refs = budgets.stream().map(b -> SpendScript.BudgetRef.of(b, now)).toList();
        String field = null;
        if (!budgets.isEmpty()) {
            if (state.runRefused()) throw ModelCallException.refused(EXCEEDED, state.refusal());
            double max = price == null ? 0 : price.maxCost(Tokens.estimate(call.request().messages()));
            int seq = state.nextSeq();
            SpendScript.Reply reply = reserve(call, state, seq, max, refs, now);
            if (reply.refused() != null && batcher.pending() > 0) {
                // finished runs of this node may still hold reservations their settlements are about to free:
                // write those now and ask once more (extra round trips on the way to a refusal only)
                batcher.flush();
                seq = state.nextSeq();
                reply = reserve(call, state, seq, max, refs, now);
            }
            if (reply.refused() != null) refuse(call, state, budgets, reply, max, now);
            field = state.exec + ":" + seq;
        }
        ModelAnswer answer;
        try {
            answer = chain.proceed(call);
        } catch (ModelCallException | RuntimeException | InterruptedException e) {
            // no answer, nothing to pay: the reservation is released with the next step
            if (field != null) state.settleLater(settle(call, field, 0, refs, now));
            throw e;
        }
        ChatResponse r = answer.response();
        double cost = price == null ? 0 : price.cost(r.promptTokens(), r.cachedInputTokens(), r.completionTokens(), r.reasoningTokens());
        state.spent(cost, settle(call, field, cost, refs, now));
        listener.cost(call.agent(), model, cost);
        call.run().timeline().add(clock.instant(), "cost", model, String.format(Locale.ROOT, "$%.6f: %d input (%d cached), %d output (%d reasoning)%s",
                cost, r.promptTokens(), r.cachedInputTokens(), r.completionTokens(), r.reasoningTokens(),
                price == null ? "; no price for this model" : ""), null);
        return answer;
    }

    private SpendScript.Reply reserve(ModelCall call, RunSpend state, int seq, double max, List<SpendScript.BudgetRef> refs, Instant now) {
        SpendScript.Reply reply = spend.reserve(now, call.runId(), state.exec, seq, max,
                call.run().deadline().plus(RESERVATION_GRACE), refs, state.takePending());
        book.heard(refs, reply.states());
        listener.answered(reply);
        return reply;
    }

    private void refuse(ModelCall call, RunSpend state, List<Budget> budgets, SpendScript.Reply reply, double max, Instant now)
            throws ModelCallException {
        Budget b = budgets.stream().filter(x -> x.id().equals(reply.refused())).findFirst().orElseThrow();
        SpendScript.State s = reply.states().get(budgets.indexOf(b));
        listener.rejected(b.id());
        boolean downgrade = b.action().equals(Budget.DOWNGRADE) && call.models().indexOf(call.model()) < call.models().size() - 1;
        String why = String.format(Locale.ROOT, "budget %s (%s %s) has $%.6f of $%.2f left this %s, and a call to %s may cost up to $%.6f%s",
                b.name(), b.scope(), b.subject() == null ? "" : b.subject(), Math.max(0, b.limitUsd() - s.spent() - s.reserved()),
                b.limitUsd(), b.period().wire(), call.model(), max, downgrade ? "; downgrading to the next model of the chain" : "");
        state.refused(why, !downgrade && b.action().equals(Budget.REFUSE));
        call.run().timeline().add(now, downgrade ? DOWNGRADED : EXCEEDED, call.model().toString(), why, null);
        throw ModelCallException.refused(downgrade ? DOWNGRADED : EXCEEDED, why);
    }

    private static SpendScript.Settle settle(ModelCall call, String field, double cost, List<SpendScript.BudgetRef> refs, Instant now) {
        var t = now.atOffset(ZoneOffset.UTC);
        return new SpendScript.Settle(call.runId(), field, cost, refs, t.toLocalDate().toString(), String.format("%02d", t.getHour()),
                call.agent(), call.model().toString(), call.principal().keyId(), call.principal().toolRole());
    }
}
