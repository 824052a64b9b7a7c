package dev.flotilla.console.shell;

import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.LocalFleetSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Remembers what changes on the local fleet while the console runs (demo traffic, a pool's size or
 * autoscaling bounds), from the fleet's own snapshots, so a change made from any page (or another
 * console, or curl) is kept, and only changes are: what the node started with is not pinned. Each
 * change goes to {@code save} with everything remembered so far. FX thread only.
 */
public final class LocalFleetMemory {

    private final Consumer<LocalFleetSettings> save;
    private LocalFleetSettings remembered;
    /** The local node as the last snapshot had it; null before the first. */
    private Seen last;

    public LocalFleetMemory(LocalFleetSettings remembered, Consumer<LocalFleetSettings> save) {
        this.remembered = Objects.requireNonNull(remembered, "remembered");
        this.save = Objects.requireNonNull(save, "save");
    }

    /** Takes a batch of the local fleet's session. */
    public void onSignals(List<FleetSignal> batch) {
        for (FleetSignal s : batch) if (s instanceof FleetSnapshot snap) observe(snap.info());
    }

    private void observe(FleetInfo info) {
        // the local fleet is one node; it is the one that answers
        FleetInfo.Node node = info.servingNode().orElse(info.nodes().isEmpty() ? null : info.nodes().getFirst());
        if (node == null) return;
        Seen now = Seen.of(node);
        Seen before = last;
        last = now;
        if (before == null || now.equals(before)) return;
        LocalFleetSettings next = remembered;
        if (now.demoTraffic() != before.demoTraffic()) next = next.withDemoTraffic(now.demoTraffic());
        for (Map.Entry<String, LocalFleetSettings.Pool> p : now.pools().entrySet()) {
            if (!p.getValue().equals(before.pools().get(p.getKey()))) next = next.withPool(p.getKey(), p.getValue());
        }
        if (next.equals(remembered)) return;
        remembered = next;
        save.accept(next);
    }

    /** What of the local node is remembered: its demo switch and its pools. */
    private record Seen(boolean demoTraffic, Map<String, LocalFleetSettings.Pool> pools) {
        static Seen of(FleetInfo.Node n) {
            Map<String, LocalFleetSettings.Pool> pools = new LinkedHashMap<>();
            for (FleetInfo.Pool p : n.pools()) pools.put(p.agent(), new LocalFleetSettings.Pool(p.size(), p.min(), p.max()));
            return new Seen(n.demoTraffic(), Map.copyOf(pools));
        }
    }
}
