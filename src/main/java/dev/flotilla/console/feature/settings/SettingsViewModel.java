package dev.flotilla.console.feature.settings;

import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Theme;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.Property;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The settings page: the console's theme, and for the fleet shown, the demo traffic and pool sizes
 * of the node that serves it. The theme is the console's and applies at once; the fleet's values
 * are drafts that follow the fleet until the operator edits them, and go to the fleet together on
 * Apply (Revert takes the fleet's values back). FX thread only.
 *
 * <p>This page only changes the running fleet. The local fleet keeps what it was changed to across
 * restarts through the shell's settings, which remember what its snapshots show, whichever page (or
 * tool) changed it; the caption says so, and the page keeps no second copy.
 */
public final class SettingsViewModel extends PageViewModel {

    public static final String CONSOLE = "This console";
    public static final String THEME = "Theme";
    public static final String DEMO = "Demo traffic";
    static final int MAX_SIZE = 1024; // the runtime's AgentPool.MAX_SIZE
    static final String NO_FLEET = "No fleet selected: only the console's own settings can be changed";
    static final String KEPT_LOCALLY = "; the console starts its local fleet with them again next time";

    private final Setting<Theme> theme;
    private final ObservableList<Setting<?>> settings = FXCollections.observableArrayList();
    private final Property<Boolean> demo = new SimpleObjectProperty<>(false);
    private final Map<String, Property<Integer>> pools = new LinkedHashMap<>();
    private final Map<Property<?>, Object> fromFleet = new LinkedHashMap<>();
    private final BooleanProperty changed = new SimpleBooleanProperty();
    private final BooleanProperty applying = new SimpleBooleanProperty();
    private final StringProperty fleetCaption = new SimpleStringProperty(NO_FLEET);
    /** True while values are set from the fleet, so the change is not taken for the operator's. */
    private boolean following;

    public SettingsViewModel(BackgroundExecutor background, Property<Theme> theme) {
        super(background);
        this.theme = new Setting<>(CONSOLE, THEME, "Dark or light; Shortcut+Shift+T switches too", Theme.class, theme);
        demo.addListener((o, was, now) -> edited());
        settings.add(this.theme);
    }

    @Override
    protected void onSession(FleetSession session) {
        pools.clear();
        fromFleet.clear();
        applying.set(false);
        fleetCaption.set(session == null ? NO_FLEET : session.descriptor().name() + ": waiting for its nodes…");
        rebuild();
        if (session != null) session.lastFleet().ifPresent(this::follow);
        edited();
    }

    @Override
    protected void handle(List<FleetSignal> batch) {
        FleetInfo newest = null;
        for (FleetSignal s : batch) if (s instanceof FleetSnapshot snap) newest = snap.info();
        if (newest != null) follow(newest);
    }

    /** Values the operator has not touched take the fleet's; the sheet grows or shrinks with the node's pools. */
    private void follow(FleetInfo info) {
        FleetInfo.Node node = info.servingNode().orElse(null);
        if (node == null) return;
        fleetCaption.set(session().descriptor().name() + ": its settings go to node " + node.nodeId()
                + ", the node at " + session().descriptor().url()
                + (session().descriptor().kind() == FleetKind.LOCAL ? KEPT_LOCALLY : ""));
        List<String> agents = node.pools().stream().map(FleetInfo.Pool::agent).toList();
        if (!agents.equals(List.copyOf(pools.keySet()))) {
            Map<String, Property<Integer>> kept = new LinkedHashMap<>(pools);
            pools.clear();
            for (String agent : agents) pools.put(agent, kept.getOrDefault(agent, pool()));
            List<Property<?>> shown = new ArrayList<>(pools.values());
            shown.add(demo);
            fromFleet.keySet().retainAll(shown);
            rebuild();
        }
        following = true;
        try {
            take(demo, node.demoTraffic());
            for (FleetInfo.Pool p : node.pools()) take(pools.get(p.agent()), p.size());
        } finally {
            following = false;
        }
        edited();
    }

    /** Sets {@code value} to what the fleet says, unless the operator changed it since the fleet last said. */
    private <T> void take(Property<T> value, T fleet) {
        Object before = fromFleet.get(value);
        boolean untouched = !fromFleet.containsKey(value) || Objects.equals(before, value.getValue());
        fromFleet.put(value, fleet);
        if (untouched) value.setValue(fleet);
    }

    private Property<Integer> pool() {
        Property<Integer> p = new SimpleObjectProperty<>(1);
        p.addListener((o, was, now) -> edited());
        return p;
    }

    private void rebuild() {
        List<Setting<?>> next = new ArrayList<>();
        next.add(theme);
        if (session() != null && !pools.isEmpty()) {
            next.add(new Setting<>(fleetCategory(), DEMO, "A steady trickle of sample runs to this node", Boolean.class, demo));
            pools.forEach((agent, size) -> next.add(new Setting<>(fleetCategory(), poolName(agent),
                    "How many agents of " + agent + " this node runs (1 to " + MAX_SIZE + ")", Integer.class, size)));
        }
        settings.setAll(next);
    }

    static String poolName(String agent) {
        return "Pool " + agent;
    }

    private String fleetCategory() {
        return session().descriptor().name();
    }

    private void edited() {
        if (following) return;
        changed.set(!changes().isEmpty());
    }

    /** What differs from the fleet, in the order the sheet shows it. */
    private Map<Property<?>, Object> changes() {
        Map<Property<?>, Object> out = new LinkedHashMap<>();
        fromFleet.forEach((value, fleet) -> {
            if (value.getValue() != null && !Objects.equals(value.getValue(), fleet)) out.put(value, value.getValue());
        });
        return out;
    }

    /** Sends what the operator changed to the node that serves the fleet. */
    public void apply() {
        FleetSession session = session();
        Map<Property<?>, Object> changes = changes();
        if (session == null || changes.isEmpty() || applying.get()) return;
        List<String> said = new ArrayList<>();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (var e : changes.entrySet()) {
            if (e.getKey() == demo) {
                boolean on = (Boolean) e.getValue();
                calls.add(session.client().fleet().setDemo(on));
                said.add("demo traffic " + (on ? "on" : "off"));
            } else {
                String agent = agentOf(e.getKey());
                int size = Math.clamp((Integer) e.getValue(), 1, MAX_SIZE);
                calls.add(session.client().fleet().scale(agent, size));
                said.add("pool " + agent + " " + size);
            }
        }
        applying.set(true);
        showMessage("Applying " + String.join(", ", said) + "…");
        onAnswer(session, CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)), ok -> {
            applying.set(false);
            changes.forEach(fromFleet::put); // the fleet has them now; its next snapshot says so too
            edited();
            showMessage("Applied " + String.join(", ", said));
            session.refresh();
        }, error -> {
            applying.set(false);
            actionFailed("Not all settings were applied: " + ErrorText.of(error));
            session.refresh();
        });
    }

    /** Takes back what the operator changed: the sheet shows the fleet's values again. */
    public void revert() {
        following = true;
        try {
            fromFleet.forEach((value, fleet) -> set(value, fleet));
        } finally {
            following = false;
        }
        edited();
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(Property<T> value, Object v) {
        value.setValue((T) v);
    }

    private String agentOf(Property<?> value) {
        return pools.entrySet().stream().filter(e -> e.getValue() == value).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("a pool setting of no pool"));
    }

    /** The sheet's lines: the console's first, then the fleet's when one is shown. */
    public ObservableList<Setting<?>> settings() { return settings; }
    /** True when the sheet differs from the fleet. */
    public ReadOnlyBooleanProperty changedProperty() { return changed; }
    public ReadOnlyBooleanProperty applyingProperty() { return applying; }
    /** Which fleet and node the fleet's settings go to, in words. */
    public ReadOnlyStringProperty fleetCaptionProperty() { return fleetCaption; }
}
