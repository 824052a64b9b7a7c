package dev.flotilla.console.feature.nodes;

import dev.flotilla.console.fleet.EmptyText;
import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.NodeCommand;
import dev.flotilla.console.fleet.NodeState;
import dev.flotilla.console.fleet.PoolScale;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Confirmation;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The nodes page: every node of the fleet with its state, heartbeat age, pools and load, and the
 * commands that steer one node (pause, drain, resume, scale a pool). The view asks for
 * confirmation first, with the words {@link #confirmation} and {@link #scaleConsequence} give;
 * a command names its node explicitly, so a selection that moved while the dialog was open cannot
 * retarget it. FX thread only.
 *
 * <p>Snapshots come every two seconds and on every {@code node.state} and {@code pool.scaled}
 * event; while the page is shown the shell calls {@link #tick()} a few times a second so heartbeat
 * ages count on between them.
 */
public final class NodesViewModel extends PageViewModel {

    public static final Duration TICK_EVERY = Duration.ofMillis(250);

    static final String NO_FLEET = EmptyText.NO_FLEET;
    static final String CONNECTING = EmptyText.CONNECTING;
    static final String NOT_REPORTED = "No nodes: the fleet has not reported its nodes yet";
    static final String UNREACHABLE = EmptyText.UNREACHABLE;
    static final String LOST = "This node is lost: it stopped beating, so nothing can be asked of it;"
            + " its runs go to the other nodes once their leases expire.";
    static final String TOO_OLD = "This node runs an older Flotilla version: it can be watched here, but pausing,"
            + " draining, resuming and scaling one node need a newer one.";

    private final Clock clock;
    private final ObservableList<NodeRow> rows = FXCollections.observableArrayList();
    private final Map<String, NodeRow> byId = new HashMap<>();
    private final ObservableList<PoolRow> pools = FXCollections.observableArrayList();
    private final ObjectProperty<NodeRow> selected = new SimpleObjectProperty<>();
    private final StringProperty selectedPool = new SimpleStringProperty();
    private final Set<String> pending = new HashSet<>();
    private final BooleanProperty canPause = new SimpleBooleanProperty();
    private final BooleanProperty canDrain = new SimpleBooleanProperty();
    private final BooleanProperty canResume = new SimpleBooleanProperty();
    private final BooleanProperty canScale = new SimpleBooleanProperty();
    private final BooleanProperty working = new SimpleBooleanProperty();
    private final StringProperty controlHint = new SimpleStringProperty("");
    private final StringProperty summary = new SimpleStringProperty("");
    private final StringBinding emptyText = Bindings.createStringBinding(this::whyEmpty, connectionProperty());
    /** The consequence of the confirmation on screen, kept to the node's facts while it is open. */
    private final StringProperty openConsequence = new SimpleStringProperty("");
    private NodeAction confirmingAction;
    private String confirmingNode;
    private String servedBy;
    /** The fleet's queue as the last snapshot had it; null before the first. */
    private Long queueDepth;

    public NodesViewModel(BackgroundExecutor background, Clock clock) {
        super(background);
        this.clock = clock;
        selected.addListener((o, was, now) -> {
            showPools();
            updateActions();
        });
        selectedPool.addListener((o, was, now) -> updateActions());
        mayOperateBinding().addListener((o, was, now) -> updateActions());
    }

    @Override
    protected void onSession(FleetSession session) {
        rows.clear();
        byId.clear();
        selected.set(null);
        pending.clear();
        servedBy = null;
        queueDepth = null;
        closeConfirmation(); // a dialog still open keeps the words of the fleet it was about
        summary.set("");
        updateActions();
        if (session != null) session.lastSnapshot().ifPresent(this::apply);
    }

    /** Shown again: the heartbeat ages catch up at once. */
    @Override
    protected void onShown(boolean isShown) {
        if (isShown) tick();
    }

    private String whyEmpty() {
        return EmptyText.of(connectionProperty().get(), NOT_REPORTED);
    }

    @Override
    protected void handle(List<FleetSignal> batch) {
        boolean changed = false;
        // in order: a node.state event newer than the snapshot before it wins until the next snapshot
        for (FleetSignal s : batch) {
            if (s instanceof FleetSnapshot snap) {
                apply(snap);
            } else if (s instanceof FleetEvent e && FleetEvent.NODE_STATE.equals(e.type())) {
                changed = true;
                NodeRow row = e.node() == null ? null : byId.get(e.node());
                if (row != null && e.state() != null) row.applyState(NodeState.fromWire(e.state()));
            } else if (s instanceof FleetEvent e && FleetEvent.POOL_SCALED.equals(e.type())) {
                changed = true;
            }
        }
        if (changed) {
            updateActions();
            updateSummary();
            followOpenConfirmation();
            // fetch the new shape now, not at the next poll
            if (session() != null) session().refresh();
        }
    }

    private void apply(FleetSnapshot snap) {
        FleetInfo info = snap.info();
        servedBy = info.servedBy();
        long now = clock.millis();
        List<NodeRow> next = new ArrayList<>();
        for (FleetInfo.Node n : info.nodes()) {
            NodeRow row = byId.computeIfAbsent(n.nodeId(), NodeRow::new);
            row.update(n, snap.at().toEpochMilli(), now);
            next.add(row);
        }
        byId.keySet().retainAll(next.stream().map(NodeRow::nodeId).toList());
        if (!next.equals(rows)) rows.setAll(next);
        if (selected.get() != null && !byId.containsKey(selected.get().nodeId())) selected.set(null);
        if (selected.get() == null && !rows.isEmpty()) selected.set(rows.getFirst());
        showPools();
        updateActions();
        queueDepth = info.queue().depth();
        updateSummary();
        followOpenConfirmation();
    }

    /** From the rows, so a state a {@code node.state} event just brought counts before the next snapshot. */
    private void updateSummary() {
        if (rows.isEmpty() && queueDepth == null) return;
        Map<NodeState, Integer> counts = new EnumMap<>(NodeState.class);
        for (NodeRow r : rows) counts.merge(r.stateProperty().get(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        counts.forEach((state, n) -> parts.add(n + " " + state.wire()));
        String nodes = rows.size() + (rows.size() == 1 ? " node" : " nodes");
        summary.set(parts.isEmpty() ? nodes : nodes + " (" + String.join(", ", parts) + ") · queue " + queueDepth);
    }

    @Override
    public Optional<Duration> tickEvery() {
        return Optional.of(TICK_EVERY);
    }

    /** Counts heartbeat ages on; the shell calls it a few times a second while the page shows. */
    @Override
    public void tick() {
        long now = clock.millis();
        for (NodeRow r : rows) r.tick(now);
    }

    public void select(NodeRow row) {
        selected.set(row);
    }

    public void selectPool(String agent) {
        selectedPool.set(agent);
    }

    private void showPools() {
        NodeRow row = selected.get();
        List<PoolRow> next = row == null ? List.of() : row.pools().stream().map(PoolRow::of).toList();
        if (!next.equals(pools)) pools.setAll(next);
        if (selectedPool.get() != null && next.stream().noneMatch(p -> p.agent().equals(selectedPool.get()))) selectedPool.set(null);
        if (selectedPool.get() == null && !next.isEmpty()) selectedPool.set(next.getFirst().agent());
    }

    private void updateActions() {
        NodeRow row = selected.get();
        boolean can = row != null && row.controllableProperty().get() && !pending.contains(row.nodeId()) && mayOperateBinding().get();
        NodeState state = row == null ? null : row.stateProperty().get();
        canPause.set(can && NodeAction.PAUSE.allowedIn(state));
        canDrain.set(can && NodeAction.DRAIN.allowedIn(state));
        canResume.set(can && NodeAction.RESUME.allowedIn(state));
        canScale.set(can && NodeAction.SCALE.allowedIn(state) && selectedPool.get() != null);
        working.set(row != null && pending.contains(row.nodeId()));
        controlHint.set(row == null ? "" : row.lost() ? LOST : !row.controllableProperty().get() ? TOO_OLD : "");
    }

    /** Whether {@code action} means something for node {@code nodeId} now (the buttons follow this). */
    public boolean canPerform(NodeAction action, String nodeId) {
        NodeRow row = byId.get(nodeId);
        if (row == null || !row.controllableProperty().get() || pending.contains(nodeId)) return false;
        return action.allowedIn(row.stateProperty().get()) && (action != NodeAction.SCALE || !row.pools().isEmpty());
    }

    /** The words of the confirmation for pausing, draining or resuming {@code nodeId}; empty for an unknown node. */
    public Optional<Confirmation> confirmation(NodeAction action, String nodeId) {
        NodeRow row = byId.get(nodeId);
        if (row == null) return Optional.empty();
        int otherActive = (int) rows.stream()
                .filter(r -> r != row && r.stateProperty().get() == NodeState.ACTIVE).count();
        return Optional.of(action.confirmation(new NodeAction.NodeFacts(nodeId, row.stateProperty().get(),
                row.inFlightProperty().get(), nodeId.equals(servedBy), otherActive)));
    }

    /**
     * The words for a confirmation that opens now. While it is open ({@link #closeConfirmation()}
     * ends that), {@link #openConsequenceProperty()} states the node's facts as each snapshot brings
     * them, so the dialog never says other than the table beside it.
     */
    public Optional<Confirmation> openConfirmation(NodeAction action, String nodeId) {
        Optional<Confirmation> words = confirmation(action, nodeId);
        words.ifPresent(c -> {
            confirmingAction = action;
            confirmingNode = nodeId;
            openConsequence.set(c.consequence());
        });
        return words;
    }

    public void closeConfirmation() {
        confirmingAction = null;
        confirmingNode = null;
    }

    private void followOpenConfirmation() {
        if (confirmingAction == null) return;
        confirmation(confirmingAction, confirmingNode).ifPresent(c -> openConsequence.set(c.consequence()));
    }

    /** The pool {@code agent} of {@code nodeId} as last reported. */
    public Optional<PoolRow> pool(String nodeId, String agent) {
        NodeRow row = byId.get(nodeId);
        if (row == null) return Optional.empty();
        return row.pools().stream().filter(p -> p.agent().equals(agent)).findFirst().map(PoolRow::of);
    }

    /** What scaling {@code agent} on {@code nodeId} with {@code scale} will do; empty when the pool is gone. */
    public Optional<String> scaleConsequence(String nodeId, String agent, PoolScale scale) {
        NodeRow row = byId.get(nodeId);
        return pool(nodeId, agent).map(p -> NodeAction.scaleConsequence(p, row.stateProperty().get(), scale));
    }

    /** Pauses, drains or resumes {@code nodeId}; the view has asked for confirmation. */
    public void perform(NodeAction action, String nodeId) {
        FleetSession session = session();
        if (session == null || action == NodeAction.SCALE || !canPerform(action, nodeId)) return;
        CompletableFuture<NodeCommand> call = switch (action) {
            case PAUSE -> session.client().nodes().pause(nodeId);
            case DRAIN -> session.client().nodes().drain(nodeId);
            case RESUME -> session.client().nodes().resume(nodeId);
            case SCALE -> throw new AssertionError();
        };
        run(session, nodeId, action.progressive() + " node " + nodeId + "…", call,
                done -> "Node " + nodeId + ": " + action.verb().toLowerCase(Locale.ROOT)
                        + " requested; the node acts within a second", action.verb() + " of node " + nodeId + " failed: ");
    }

    /** Scales pool {@code agent} of {@code nodeId}; the view has asked for confirmation. */
    public void scale(String nodeId, String agent, PoolScale scale) {
        FleetSession session = session();
        if (session == null || !canPerform(NodeAction.SCALE, nodeId) || pool(nodeId, agent).isEmpty()) return;
        run(session, nodeId, "Scaling pool " + agent + " on node " + nodeId + "…",
                session.client().nodes().scalePool(nodeId, agent, scale),
                done -> "Pool " + agent + " on node " + nodeId + ": " + describe(scale) + " requested",
                "Scaling pool " + agent + " on node " + nodeId + " failed: ");
    }

    private static String describe(PoolScale s) {
        List<String> parts = new ArrayList<>();
        if (s.size() != null) parts.add("size " + s.size());
        if (s.changesBounds()) parts.add(s.min().equals(s.max()) ? "autoscaling off" : "autoscaling " + s.min() + "–" + s.max());
        return String.join(", ", parts);
    }

    private void run(FleetSession session, String nodeId, String progress, CompletableFuture<NodeCommand> call,
                     Function<NodeCommand, String> ok, String failed) {
        pending.add(nodeId);
        showMessage(progress);
        updateActions();
        onAnswer(session, call, done -> {
            pending.remove(nodeId);
            showMessage(ok.apply(done));
            updateActions();
            session.refresh();
        }, error -> {
            pending.remove(nodeId);
            actionFailed(failed + ErrorText.of(error));
            updateActions();
            session.refresh(); // the node may be gone or changed: show what it is now
        });
    }

    public ObservableList<NodeRow> rows() { return rows; }
    /** What the open confirmation says will happen, as of the latest snapshot. */
    public ReadOnlyStringProperty openConsequenceProperty() { return openConsequence; }
    /** The pools of the selected node. */
    public ObservableList<PoolRow> pools() { return pools; }
    public ObjectProperty<NodeRow> selectedProperty() { return selected; }
    public StringProperty selectedPoolProperty() { return selectedPool; }
    public ReadOnlyBooleanProperty canPauseProperty() { return canPause; }
    public ReadOnlyBooleanProperty canDrainProperty() { return canDrain; }
    public ReadOnlyBooleanProperty canResumeProperty() { return canResume; }
    public ReadOnlyBooleanProperty canScaleProperty() { return canScale; }
    /** True while a command for the selected node is on its way. */
    public ReadOnlyBooleanProperty workingProperty() { return working; }
    /** Why the selected node cannot be steered from here, or empty. */
    public ReadOnlyStringProperty controlHintProperty() { return controlHint; }
    /** "3 nodes (2 active, 1 lost) · queue 4". */
    public ReadOnlyStringProperty summaryProperty() { return summary; }
    public StringBinding emptyTextBinding() { return emptyText; }
}
