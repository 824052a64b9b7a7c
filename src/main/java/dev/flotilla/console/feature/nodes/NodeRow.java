package dev.flotilla.console.feature.nodes;

import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.NodeState;
import java.time.Instant;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One node in the nodes table. Rows change in place with each snapshot, so the table keeps its
 * selection, and the heartbeat age counts on between snapshots ({@link #tick}). FX thread only.
 */
public final class NodeRow {

    /** After this long without a heartbeat the age reads as stale (the fleet calls the node lost at 10 s). */
    static final long STALE_MS = 5_000;

    private final String nodeId;
    private final StringProperty host = new SimpleStringProperty("");
    private final StringProperty version = new SimpleStringProperty("");
    private final StringProperty toolPolicy = new SimpleStringProperty("");
    private final ObjectProperty<NodeState> state = new SimpleObjectProperty<>(NodeState.UNKNOWN);
    private final StringProperty age = new SimpleStringProperty("");
    private final BooleanProperty stale = new SimpleBooleanProperty();
    private final IntegerProperty poolSize = new SimpleIntegerProperty();
    private final IntegerProperty busy = new SimpleIntegerProperty();
    private final ObjectProperty<Integer> inFlight = new SimpleObjectProperty<>();
    private final BooleanProperty controllable = new SimpleBooleanProperty();
    private List<FleetInfo.Pool> pools = List.of();
    private Long reportedAgeMs;
    private long reportedAtMs;
    private Instant heartbeatAt;

    NodeRow(String nodeId) {
        this.nodeId = nodeId;
    }

    /** Takes the node as the snapshot taken at {@code snapshotAtMs} reports it. */
    void update(FleetInfo.Node n, long snapshotAtMs, long nowMs) {
        host.set(n.host() == null ? "" : n.host());
        version.set(n.version() == null ? "" : n.version());
        toolPolicy.set(n.toolPolicyVersion().map(v -> "v" + v).orElse(""));
        state.set(n.nodeState());
        // nodes older than issue 3 report no state and have no control routes
        controllable.set(n.state() != null && !n.state().isBlank());
        poolSize.set(n.totalPoolSize());
        busy.set(n.totalBusy());
        // a lost node's last heartbeat counts runs that were handed to other nodes since: it runs none
        inFlight.set(n.nodeState() == NodeState.LOST ? null : n.inFlight());
        pools = n.pools();
        reportedAgeMs = n.heartbeatAgeMs();
        reportedAtMs = snapshotAtMs;
        heartbeatAt = n.heartbeatAt();
        tick(nowMs);
    }

    /** A {@code node.state} event: the state shows at once, before the next snapshot confirms it. */
    void applyState(NodeState s) {
        state.set(s);
    }

    /**
     * Counts the age on from the snapshot. The node's own figure is used when it gives one, so a
     * console whose clock is off from the fleet's still shows the right age.
     */
    void tick(long nowMs) {
        Long ms = ageMs(nowMs);
        stale.set(ms != null && ms >= STALE_MS); // first: the age cell reads it when the text changes
        age.set(NodeFormat.age(ms));
    }

    Long ageMs(long nowMs) {
        if (reportedAgeMs != null) return Math.max(0, reportedAgeMs + nowMs - reportedAtMs);
        if (heartbeatAt != null) return Math.max(0, nowMs - heartbeatAt.toEpochMilli());
        return null;
    }

    /** A node that stopped beating: shown greyed, and nothing can be asked of it. */
    public boolean lost() {
        return state.get() == NodeState.LOST;
    }

    public String nodeId() { return nodeId; }
    public ReadOnlyStringProperty hostProperty() { return host; }
    public ReadOnlyStringProperty versionProperty() { return version; }
    /** The tool policy version the node enforces, "v3"; blank for nodes that report none. */
    public ReadOnlyStringProperty toolPolicyProperty() { return toolPolicy; }
    public ReadOnlyObjectProperty<NodeState> stateProperty() { return state; }
    /** "0.4 s ago", counting on between snapshots. */
    public ReadOnlyStringProperty ageProperty() { return age; }
    /** True when the last heartbeat is older than a healthy node's would be. */
    public ReadOnlyBooleanProperty staleProperty() { return stale; }
    public ReadOnlyIntegerProperty poolSizeProperty() { return poolSize; }
    public ReadOnlyIntegerProperty busyProperty() { return busy; }
    /** Null when the node does not report it. */
    public ReadOnlyObjectProperty<Integer> inFlightProperty() { return inFlight; }
    /** False for nodes too old to be paused, drained, resumed or scaled from here. */
    public ReadOnlyBooleanProperty controllableProperty() { return controllable; }
    public List<FleetInfo.Pool> pools() { return pools; }
}
