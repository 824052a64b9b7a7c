package dev.flotilla.runtime.money;

import dev.flotilla.runtime.kernel.AdmissionInterceptor;
import dev.flotilla.runtime.kernel.AuditEntry;
import dev.flotilla.runtime.kernel.FleetModule;
import dev.flotilla.runtime.kernel.FleetScript;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import dev.flotilla.runtime.kernel.ModuleContext;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.kernel.RunInterceptor;
import dev.flotilla.runtime.money.alert.Deliveries;
import dev.flotilla.runtime.money.budget.BudgetAdmission;
import dev.flotilla.runtime.money.budget.BudgetBook;
import dev.flotilla.runtime.money.budget.SettleBatcher;
import dev.flotilla.runtime.money.budget.SpendGuard;
import dev.flotilla.runtime.money.budget.SpendListener;
import dev.flotilla.runtime.money.budget.SpendScript;
import dev.flotilla.runtime.money.price.PriceTable;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Money: the price table, the cost of every model call and run, the fleet's spend ledger, budgets
 * held by reservation, and alerts (events, audit, metrics, webhooks) when a budget crosses a
 * threshold. Registers a {@code SPEND} model-call interceptor (one script step before a limited
 * call), a run interceptor (prices the run, names a budget's refusal), a {@code LIMIT} admission
 * interceptor (no round trip: the node's copy of the budgets), the routes {@code /v1/prices},
 * {@code /v1/spend}, {@code /v1/budgets}, {@code /v1/webhooks}, {@code /v1/alerts}, and its metrics.
 */
public final class MoneyModule implements FleetModule {

    private static final Logger log = LoggerFactory.getLogger(MoneyModule.class);
    static final Principal SYSTEM = Principal.system("budgets");

    private final MoneyConfig config;

    public MoneyModule(MoneyConfig config) {
        this.config = Objects.requireNonNull(config, "config is null");
    }

    public static MoneyModule defaults() {
        return new MoneyModule(MoneyConfig.defaults());
    }

    @Override
    public String name() { return "money"; }

    @Override
    public void register(ModuleContext ctx) {
        String prefix = ctx.fleetKey("money:");
        FleetScript docs = ctx.script("money_docs", "dev/flotilla/runtime/money/docs.lua");
        SpendScript spend = new SpendScript(ctx.script("money_spend", SpendScript.RESOURCE), prefix);
        FleetScript ledger = ctx.script("money_ledger", "dev/flotilla/runtime/money/ledger.lua");
        Deliveries deliveries = new Deliveries(ctx.script("money_deliveries", Deliveries.RESOURCE), prefix, ctx.clock(), config.webhooks());
        PriceTable prices = new PriceTable(docs, prefix + "prices");
        BudgetBook book = new BudgetBook(docs, prefix + "budgets", spend);
        MoneyMetrics metrics = new MoneyMetrics(ctx.metrics(), book, ctx.clock());
        Announcer announcer = new Announcer(ctx, metrics);
        SettleBatcher batcher = new SettleBatcher(spend, ctx.clock(), config.settleInterval(), announcer::answered);
        SpendGuard guard = new SpendGuard(ctx.clock(), prices, book, spend, batcher, announcer);
        ctx.interceptRuns(RunInterceptor.Stage.POLICY, guard.runs());
        ctx.interceptModelCalls(ModelCallInterceptor.Stage.SPEND, guard.modelCalls());
        ctx.interceptAdmission(AdmissionInterceptor.Stage.LIMIT, new BudgetAdmission(book, ctx.clock(), metrics::rejected));
        ctx.onEvent(e -> {
            // a run taken over here: what its earlier execution reserved is released (its first reservation here does it too)
            if (e instanceof RuntimeEvent.RunReclaimed r) batcher.release(r.runId(), r.time());
        });
        new MoneyRoutes(ctx, prices, book, spend, ledger, docs, prefix, deliveries).register();
        Refresher refresher = new Refresher(() -> {
            prices.refresh();
            book.refresh(ctx.clock().instant());
        }, config.refresh());
        try {
            prices.refresh();
            book.refresh(ctx.clock().instant());
        } catch (RuntimeException e) {
            log.warn("could not read prices and budgets yet ({}); trying again every {}", e.getMessage(), config.refresh());
        }
        refresher.start();
        batcher.start();
        deliveries.start();
        ctx.onClose(() -> {
            refresher.close();
            deliveries.close();
            batcher.close();
        });
    }

    /** Turns what the spend script answered into events, audit entries and metrics. */
    private static final class Announcer implements SpendListener {
        private final ModuleContext ctx;
        private final MoneyMetrics metrics;

        Announcer(ModuleContext ctx, MoneyMetrics metrics) {
            this.ctx = ctx;
            this.metrics = metrics;
        }

        @Override public void cost(String agent, String model, double usd) { metrics.cost(agent, model, usd); }

        @Override public void rejected(String budgetId) { metrics.rejected(budgetId); }

        @Override
        public void answered(SpendScript.Reply reply) {
            for (SpendScript.Alert a : reply.alerts()) {
                metrics.alerted(a.budgetId());
                Instant at = Instant.ofEpochMilli(a.at());
                ctx.events().accept(new RuntimeEvent.BudgetThreshold(at, ctx.nodeId(), a.id(), a.budgetId(), a.budget(),
                        a.threshold(), a.spentUsd(), a.limitUsd(), a.period()));
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("threshold", a.threshold());
                details.put("spent_usd", a.spentUsd());
                details.put("limit_usd", a.limitUsd());
                details.put("period", a.period());
                ctx.audit().record(new AuditEntry("budget.threshold", a.budgetId(), "alerted", SYSTEM, null, details));
                log.info("budget {} crossed {}% of ${} ({} spent, period {})", a.budget(), Math.round(a.threshold() * 100),
                        a.limitUsd(), a.spentUsd(), a.period());
            }
        }
    }

    /** Re-reads prices and budgets on a timer, so every node follows the fleet's changes within one interval. */
    private static final class Refresher implements AutoCloseable {
        private final Runnable refresh;
        private final java.time.Duration every;
        private final Thread thread;
        private volatile boolean closed;

        Refresher(Runnable refresh, java.time.Duration every) {
            this.refresh = refresh;
            this.every = every;
            this.thread = Thread.ofVirtual().name("money-refresh").unstarted(this::loop);
        }

        void start() { thread.start(); }

        private void loop() {
            while (!closed) {
                try {
                    Thread.sleep(every);
                    refresh.run();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.debug("could not refresh prices and budgets: {}", e.getMessage());
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            thread.interrupt();
        }
    }
}
