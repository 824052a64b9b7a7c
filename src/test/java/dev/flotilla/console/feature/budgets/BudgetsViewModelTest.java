package dev.flotilla.console.feature.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.Await;
import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.Money;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.kernel.OperatorRole;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The budgets page's state without a window, on a real node: a budget made through the form, spend, an alert, a viewer refused. */
class BudgetsViewModelTest {

    static final String VIEWER = "viewer-key-0123456789";

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private FleetRuntime node;
    private FleetClient client;

    @BeforeEach
    void fleet() {
        node = TestNodes.fast("money-node", TestNodes.KEY).apiKey(VIEWER, "dash", OperatorRole.VIEWER).build().start();
        client = new FleetClient(node.baseUrl(), new ApiKey(TestNodes.KEY));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
        client.close();
        node.close();
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    private BudgetsViewModel shown(String key) throws Exception {
        BudgetsViewModel vm = fx.call(() -> new BudgetsViewModel(background));
        FleetTarget t = new FleetTarget(new FleetDescriptor("f", "Fleet", node.baseUrl(), FleetKind.REMOTE), new ApiKey(key));
        FleetSession s = new FleetSession(t, scheduler, fx, Clock.systemUTC()).start();
        opened.add(s);
        fx.run(() -> vm.setSession(s));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.emptyTextProperty().get().equals(BudgetsViewModel.NONE)));
        return vm;
    }

    @Test
    void aBudgetMadeInTheFormShowsWhereItStandsAndItsAlerts() throws Exception {
        BudgetsViewModel vm = shown(TestNodes.KEY);
        assertThat(fx.call(() -> vm.budgets().isEmpty())).isTrue();
        fx.run(() -> vm.save(null, "Tiny", "agent", "assistant", "0.0001", "day", "50, 100", "refuse"));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.budgets().size() == 1));
        Money.Budget b = fx.call(() -> vm.budgets().getFirst());
        assertThat(b.name()).isEqualTo("Tiny");
        assertThat(b.thresholds()).containsExactly(0.5, 1.0);
        assertThat(fx.call(() -> vm.messageProperty().get())).isEqualTo("Saved budget Tiny: $0.0001 a day");

        Await.run(client, "assistant", "spend past a tiny budget");
        fx.run(vm::reload);
        waitFor(15, TimeUnit.SECONDS, () -> fx.call(() -> {
            vm.reload();
            return vm.budgets().getFirst().exhausted() && vm.alerts().size() == 2;
        }));
        assertThat(fx.call(() -> BudgetText.standing(vm.budgets().getFirst()))).contains("spent: new runs are refused");
        assertThat(fx.call(() -> vm.alerts().getFirst().threshold())).isEqualTo(1.0);
        assertThat(fx.call(() -> BudgetText.deliveries(vm.alerts().getFirst()))).isEqualTo("no webhook yet");
        fx.run(() -> vm.groupByProperty().set("agent"));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.spend().size() == 1 && vm.spend().getFirst().key().equals("assistant")));
        assertThat(fx.call(() -> BudgetsPage.badge(vm).getValue().text())).isEqualTo("1");
    }

    @Test
    void aViewerIsToldThatChangingBudgetsNeedsAnAdminKey() throws Exception {
        BudgetsViewModel vm = shown(VIEWER);
        fx.run(() -> vm.save(null, "", "fleet", "", "5", "week", "", "downgrade"));
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.messageProperty().get().startsWith("Saving the new budget failed")));
        assertThat(fx.call(() -> vm.messageProperty().get())).endsWith("changing budgets needs an admin key");
        assertThat(fx.call(() -> vm.budgets().isEmpty())).isTrue();
    }

    @Test
    void theFormSaysWhatIsWrongInWords() {
        assertThat(BudgetsViewModel.problem("fleet", "", "25", "50, 80, 100")).isEmpty();
        assertThat(BudgetsViewModel.problem("fleet", "", "-1", "")).contains("The limit must be more than 0 USD");
        assertThat(BudgetsViewModel.problem("fleet", "", "lots", "")).contains("The limit must be a number of USD, e.g. 25 or 0.5");
        assertThat(BudgetsViewModel.problem("agent", " ", "1", "")).contains("Name the agent the budget limits");
        assertThat(BudgetsViewModel.problem("model", "gpt", "1", "")).contains("A model is written provider/model, e.g. simulated/primary");
        assertThat(BudgetsViewModel.problem("fleet", "", "1", "50, 120")).contains("Alert thresholds are percentages above 0, at most 100");
        assertThat(BudgetsViewModel.problem("fleet", "", "1", "half")).isEqualTo(Optional.of("Alert thresholds are percentages separated by commas, e.g. 50, 80, 100"));
    }
}
