package dev.flotilla.console.feature.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import dev.flotilla.console.FakeFxThread;
import dev.flotilla.console.TestNodes;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.LocalFleet;
import dev.flotilla.console.fleet.LocalFleetSettings;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Theme;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.console.shell.LocalFleetMemory;
import dev.flotilla.console.shell.Settings;
import dev.flotilla.console.shell.SettingsStore;
import dev.flotilla.runtime.FleetRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings sheet's state without a window, on a real node: drafts follow the fleet until edited, and Apply sends them. */
class SettingsViewModelTest {

    private final FakeFxThread fx = new FakeFxThread();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BackgroundExecutor background = new BackgroundExecutor(fx);
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.DARK);
    private FleetRuntime node;
    private FleetSession session;

    @BeforeEach
    void fleet() {
        node = TestNodes.start("settings-node");
        session = new FleetSession(new FleetTarget(new FleetDescriptor("f", "Lab", node.baseUrl(), FleetKind.REMOTE),
                new ApiKey(TestNodes.KEY)), scheduler, fx, Clock.systemUTC()).start();
    }

    @AfterEach
    void stop() {
        session.close();
        node.close();
        background.close();
        scheduler.shutdownNow();
        fx.close();
    }

    @SuppressWarnings("unchecked")
    private <T> Setting<T> setting(SettingsViewModel vm, String name) {
        return (Setting<T>) vm.settings().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void withoutAFleetOnlyTheThemeIsOfferedAndItIsTheConsolesOwn() throws Exception {
        SettingsViewModel vm = fx.call(() -> new SettingsViewModel(background, theme));
        assertThat(fx.call(() -> vm.settings().stream().map(Setting::name).toList())).containsExactly(SettingsViewModel.THEME);
        fx.run(() -> setting(vm, SettingsViewModel.THEME).value().setValue(Theme.LIGHT));
        assertThat(theme.get()).isEqualTo(Theme.LIGHT); // at once: nothing to apply
        assertThat(fx.call(() -> vm.changedProperty().get())).isFalse();
    }

    @Test
    void draftsFollowTheFleetUntilEditedAndApplySendsOnlyWhatChanged() throws Exception {
        SettingsViewModel vm = fx.call(() -> new SettingsViewModel(background, theme));
        fx.run(() -> vm.setSession(session));
        waitFor(15, TimeUnit.SECONDS, () -> fx.call(() -> vm.settings().size() == 3));
        assertThat(fx.call(() -> vm.settings().stream().map(s -> s.category() + " / " + s.name()).toList())).containsExactly(
                "This console / Theme", "Lab / Demo traffic", "Lab / Pool assistant");
        Setting<Integer> pool = fx.call(() -> setting(vm, "Pool assistant"));
        assertThat(fx.call(() -> pool.value().getValue())).isEqualTo(4);
        assertThat(fx.call(() -> vm.fleetCaptionProperty().get())).startsWith("Lab: its settings go to node settings-node");

        fx.run(() -> pool.value().setValue(6));
        assertThat(fx.call(() -> vm.changedProperty().get())).isTrue();
        node.pool("assistant").scale(5); // someone else scales meanwhile: the operator's draft stays
        FleetInfo[] five = new FleetInfo[1];
        try (FleetClient client = new FleetClient(node.baseUrl(), new ApiKey(TestNodes.KEY))) {
            // the fleet view reports the pool with the node's next heartbeat
            waitFor(10, TimeUnit.SECONDS, () -> {
                five[0] = client.fleet().get().get(5, TimeUnit.SECONDS);
                return five[0].servingNode().flatMap(n -> n.pool("assistant")).orElseThrow().size() == 5;
            });
        }
        fx.run(() -> vm.onSignals(List.of(new FleetSnapshot(five[0], Instant.now()))));
        assertThat(fx.call(() -> pool.value().getValue())).isEqualTo(6);
        assertThat(fx.call(() -> vm.changedProperty().get())).isTrue();

        fx.run(vm::revert);
        assertThat(fx.call(() -> pool.value().getValue())).isEqualTo(5);
        assertThat(fx.call(() -> vm.changedProperty().get())).isFalse();

        fx.run(() -> {
            pool.value().setValue(6);
            this.<Boolean>setting(vm, SettingsViewModel.DEMO).value().setValue(true);
            vm.apply();
        });
        waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.messageProperty().get().startsWith("Applied")));
        assertThat(fx.call(() -> vm.messageProperty().get())).isEqualTo("Applied demo traffic on, pool assistant 6");
        assertThat(node.pool("assistant").size()).isEqualTo(6);
        try (FleetClient client = new FleetClient(node.baseUrl(), new ApiKey(TestNodes.KEY))) {
            assertThat(client.fleet().get().get(10, TimeUnit.SECONDS).servingNode().orElseThrow().demoTraffic()).isTrue();
        }
        assertThat(fx.call(() -> vm.changedProperty().get())).isFalse();
    }

    @Test
    void whatTheSheetAppliesToTheLocalFleetIsRememberedForItsNextStart(@TempDir Path config) throws Exception {
        FleetSession local = new FleetSession(new FleetTarget(new FleetDescriptor(LocalFleet.ID, "Local fleet", node.baseUrl(),
                FleetKind.LOCAL), new ApiKey(TestNodes.KEY)), scheduler, fx, Clock.systemUTC()).start();
        try {
            SettingsStore store = new SettingsStore(config);
            // as the console does for the fleet it started: the shell's memory follows the fleet's snapshots
            LocalFleetMemory memory = new LocalFleetMemory(LocalFleetSettings.NONE,
                    changed -> store.save(Settings.defaults().withLocalFleet(changed)));
            fx.run(() -> local.signals().subscribe(memory::onSignals));
            SettingsViewModel vm = fx.call(() -> new SettingsViewModel(background, theme));
            fx.run(() -> vm.setSession(local));
            waitFor(15, TimeUnit.SECONDS, () -> fx.call(() -> vm.settings().size() == 3));
            assertThat(fx.call(() -> vm.fleetCaptionProperty().get())).endsWith(SettingsViewModel.KEPT_LOCALLY);

            fx.run(() -> {
                this.<Integer>setting(vm, "Pool assistant").value().setValue(6);
                this.<Boolean>setting(vm, SettingsViewModel.DEMO).value().setValue(true);
                vm.apply();
            });
            waitFor(10, TimeUnit.SECONDS, () -> fx.call(() -> vm.messageProperty().get().startsWith("Applied")));
            // the next snapshots show the fleet so; the memory keeps it in settings.json for the next start
            waitFor(15, TimeUnit.SECONDS, () -> {
                LocalFleetSettings kept = store.load().localFleetOrNone();
                return Boolean.TRUE.equals(kept.demoTraffic()) && kept.pools().containsKey("assistant")
                        && kept.pools().get("assistant").size() == 6;
            });
        } finally {
            local.close();
        }
    }

    @Test
    void aRemoteFleetsCaptionPromisesNothingForANextStart() throws Exception {
        SettingsViewModel vm = fx.call(() -> new SettingsViewModel(background, theme));
        fx.run(() -> vm.setSession(session));
        waitFor(15, TimeUnit.SECONDS, () -> fx.call(() -> vm.settings().size() == 3));
        assertThat(fx.call(() -> vm.fleetCaptionProperty().get())).doesNotContain(SettingsViewModel.KEPT_LOCALLY);
    }
}
