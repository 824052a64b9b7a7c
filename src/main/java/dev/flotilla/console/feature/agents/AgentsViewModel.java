package dev.flotilla.console.feature.agents;

import dev.flotilla.console.fleet.AgentCatalog;

import dev.flotilla.console.fleet.EmptyText;
import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.ScaledPool;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The agents page: every agent of every live node, and scaling of one pool. A scale request changes
 * the pool of the node that takes it; the page names that node (the API's {@code served_by}) and
 * shows that node's pool size, so on a fleet of several nodes nobody mistakes it for the fleet's
 * total. Scaling needs no confirmation (scaling back undoes it) but always says how it went.
 * FX thread only.
 */
public final class AgentsViewModel extends PageViewModel {

    public static final int MIN_SIZE = 1;
    public static final int MAX_SIZE = 1024; // the runtime's AgentPool.MAX_SIZE

    static final String NO_FLEET = EmptyText.NO_FLEET;
    static final String CONNECTING = EmptyText.CONNECTING;
    static final String NOT_REPORTED = "No agents: the fleet has not reported its nodes yet";
    static final String UNREACHABLE = EmptyText.UNREACHABLE;

    private final ObservableList<AgentRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> agents = FXCollections.observableArrayList();
    private final StringProperty selectedAgent = new SimpleStringProperty();
    private final IntegerProperty currentSize = new SimpleIntegerProperty();
    private final IntegerProperty desiredSize = new SimpleIntegerProperty(4);
    private final StringProperty servingNode = new SimpleStringProperty("");
    private final StringProperty scaleTarget = new SimpleStringProperty("");
    private final BooleanProperty applying = new SimpleBooleanProperty();
    private final BooleanProperty canScale = new SimpleBooleanProperty();
    private final StringBinding emptyText = Bindings.createStringBinding(this::whyEmpty, connectionProperty());
    private FleetInfo last;
    /** The agents' definitions, fetched once per fleet; null until they come (or from a node that has none to give). */
    private AgentCatalog catalog;
    private final StringProperty definition = new SimpleStringProperty("");
    private final StringProperty prompt = new SimpleStringProperty("");
    /** Until the operator touches the spinner, it follows the pool's real size. */
    private boolean desiredTouched;
    /** What each agent spent today (UTC), fleet-wide, from the spend ledger; empty before a node answers, or from nodes without one. */
    private final StringProperty spendToday = new SimpleStringProperty("");
    private dev.flotilla.console.page.FleetLoad<dev.flotilla.console.fleet.Money.Spend> spend;

    public AgentsViewModel(BackgroundExecutor background) {
        super(background);
        mayOperateBinding().addListener((o, was, now) -> canScale.set(selectedAgent.get() != null && now));
        spend = load(s -> {
            String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
            return s.client().budgets().spend("agent", today, today);
        },
                this::spent, e -> spendToday.set(""));
        selectedAgent.addListener((o, was, now) -> {
            desiredTouched = false;
            if (last != null) apply(last);
            showDefinition();
        });
    }

    @Override
    protected void onSession(FleetSession session) {
        last = null;
        // through null, so the pool chooser redraws even when the next fleet has a pool of the same name
        selectedAgent.set(null);
        rows.clear();
        agents.clear();
        currentSize.set(0);
        servingNode.set("");
        scaleTarget.set("");
        canScale.set(false);
        // a request to the previous fleet may still be out; its answer is dropped, so it must not keep the controls locked
        applying.set(false);
        desiredTouched = false;
        spendToday.set("");
        catalog = null;
        showDefinition();
        if (session != null) {
            session.lastFleet().ifPresent(this::apply);
            // what the agents are does not change while a node runs: once per fleet is enough
            onAnswer(session, session.client().catalog().agents(), c -> {
                catalog = c;
                showDefinition();
            }, error -> { }); // a node from before agent definitions were served: the page shows pools only
        }
    }

    /** The selected agent's models (primary first), tools and settings in one line, and its prompt. */
    private void showDefinition() {
        AgentCatalog.Agent a = catalog == null || selectedAgent.get() == null ? null : catalog.agent(selectedAgent.get()).orElse(null);
        definition.set(a == null ? "" : describe(a));
        prompt.set(a == null || a.systemPrompt() == null ? "" : a.systemPrompt());
    }

    static String describe(AgentCatalog.Agent a) {
        StringBuilder b = new StringBuilder("Models: ").append(a.models().isEmpty() ? "none" : String.join(" → ", a.models()));
        b.append("   Tools: ").append(a.tools().isEmpty() ? "none" : String.join(", ", a.tools()));
        if (a.temperature() != null) b.append("   temperature ").append(a.temperature());
        if (a.maxOutputTokens() != null) b.append("   max ").append(a.maxOutputTokens()).append(" output tokens");
        if (Boolean.TRUE.equals(a.stream())) b.append("   streams its answers");
        return b.toString();
    }

    private void spent(dev.flotilla.console.fleet.Money.Spend s) {
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        // the ledger's days run to today: ask for today alone, grouped by agent
        if (!today.equals(s.to())) return;
        spendToday.set(s.groups().isEmpty() ? "Spend today: nothing yet" : "Spend today: " + s.groups().stream()
                .map(g -> g.key() + " " + String.format(java.util.Locale.ROOT, "$%.4f", g.costUsd()))
                .collect(java.util.stream.Collectors.joining(" · ")));
    }

    private String whyEmpty() {
        return EmptyText.of(connectionProperty().get(), NOT_REPORTED);
    }

    @Override
    protected void handle(List<FleetSignal> batch) {
        FleetInfo newest = null;
        boolean scaled = false;
        for (FleetSignal s : batch) {
            if (s instanceof FleetSnapshot snap) newest = snap.info();
            if (s instanceof FleetEvent e && FleetEvent.POOL_SCALED.equals(e.type())) scaled = true;
        }
        if (newest != null) apply(newest);
        // another console (or this one) scaled a pool: fetch the new shape now, not in two seconds
        if (scaled && session() != null) session().refresh();
    }

    private void apply(FleetInfo info) {
        last = info;
        if (spend != null && session() != null) spend.request();
        List<AgentRow> next = new ArrayList<>();
        // a lost node's agents are its last heartbeat's, not agents at work: the nodes page shows it
        for (FleetInfo.Node n : info.liveNodes()) {
            for (FleetInfo.Pool p : n.pools()) {
                for (FleetInfo.Agent a : p.agents()) {
                    next.add(new AgentRow(n.nodeId(), p.agent(), a.id(), a.state(),
                            a.currentRun() == null ? "" : a.currentRun(), a.runsDone()));
                }
            }
        }
        if (!next.equals(rows)) rows.setAll(next);
        if (!agents.equals(info.agents())) agents.setAll(info.agents());
        if (selectedAgent.get() == null || !info.agents().contains(selectedAgent.get())) {
            selectedAgent.set(info.agents().isEmpty() ? null : info.agents().getFirst());
        }
        String node = info.servedBy() == null ? "" : info.servedBy();
        servingNode.set(node);
        scaleTarget.set(scaleTarget(node, info.liveNodes().size()));
        canScale.set(selectedAgent.get() != null && mayOperateBinding().get());
        servingPool(info).ifPresent(p -> {
            currentSize.set(p.size());
            if (!desiredTouched && !applying.get()) desiredSize.set(p.size());
        });
    }

    private static String scaleTarget(String node, int nodes) {
        if (node.isEmpty()) return "on the node at this fleet's URL";
        if (nodes <= 1) return "on node " + node;
        return "on node " + node + " (1 of " + nodes + " nodes; the others keep their size)";
    }

    private Optional<FleetInfo.Pool> servingPool(FleetInfo info) {
        String agent = selectedAgent.get();
        if (agent == null) return Optional.empty();
        return info.servingNode().flatMap(n -> n.pool(agent));
    }

    /** The spinner moved. */
    public void setDesiredSize(int size) {
        desiredTouched = true;
        desiredSize.set(Math.clamp(size, MIN_SIZE, MAX_SIZE));
    }

    /** Scales the selected pool, on the node that takes the request, to the desired size. */
    public void applyScale() {
        FleetSession session = session();
        String agent = selectedAgent.get();
        if (session == null || agent == null || applying.get()) return;
        int size = desiredSize.get();
        int before = currentSize.get();
        String expectedNode = servingNode.get();
        applying.set(true);
        showMessage("Scaling " + agent + " to " + size + "…");
        onAnswer(session, session.client().fleet().scale(agent, size), scaled -> {
            applying.set(false);
            desiredTouched = false;
            showMessage(scaledMessage(agent, scaled, before, expectedNode));
            if (scaled.servedBy() == null || scaled.servedBy().equals(expectedNode)) currentSize.set(scaled.pool().size());
            session.refresh();
        }, error -> {
            applying.set(false);
            actionFailed("Scaling failed: " + ErrorText.of(error));
        });
    }

    static String scaledMessage(String agent, ScaledPool scaled, int before, String expectedNode) {
        int size = scaled.pool().size();
        String node = scaled.servedBy();
        StringBuilder m = new StringBuilder("Pool ").append(agent);
        if (node != null) m.append(" on node ").append(node);
        m.append(" now has ").append(size).append(size == 1 ? " agent" : " agents");
        if (size < before) m.append("; busy agents retire when their run ends");
        if (node != null && !expectedNode.isEmpty() && !Objects.equals(node, expectedNode)) {
            m.append(" (not ").append(expectedNode).append(": another node of this fleet took the request)");
        }
        return m.toString();
    }

    /** One more or one fewer agent, applied at once (the +/− buttons). */
    public void step(int delta) {
        setDesiredSize(Math.max(currentSize.get(), MIN_SIZE) + delta);
        applyScale();
    }

    public ObservableList<AgentRow> rows() { return rows; }
    public ReadOnlyStringProperty spendTodayProperty() { return spendToday; }
    /** The selected agent's models, tools and settings in one line; empty when the node does not say. */
    public ReadOnlyStringProperty definitionProperty() { return definition; }
    /** The selected agent's system prompt; empty when the node does not say. */
    public ReadOnlyStringProperty promptProperty() { return prompt; }
    public ObservableList<String> agents() { return agents; }
    public StringProperty selectedAgentProperty() { return selectedAgent; }
    /** The selected pool's size on the serving node. */
    public ReadOnlyIntegerProperty currentSizeProperty() { return currentSize; }
    public ReadOnlyIntegerProperty desiredSizeProperty() { return desiredSize; }
    /** The id of the node that answered the last fleet poll ({@code served_by}), or empty before the first. */
    public ReadOnlyStringProperty servingNodeProperty() { return servingNode; }
    /** Which node's pool the scale controls change, in words: "on node a (1 of 3 nodes; …)". */
    public ReadOnlyStringProperty scaleTargetProperty() { return scaleTarget; }
    public ReadOnlyBooleanProperty applyingProperty() { return applying; }
    public ReadOnlyBooleanProperty canScaleProperty() { return canScale; }
    /** What the empty table says: no fleet, connecting, not reported yet, or why the fleet cannot be reached. */
    public StringBinding emptyTextBinding() { return emptyText; }
}
