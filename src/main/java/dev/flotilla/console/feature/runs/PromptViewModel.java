package dev.flotilla.console.feature.runs;

import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The prompt box: choose an agent, write the input, submit it as a run. A refused run shows the
 * server's message and keeps the text, so the operator can fix it and submit again. FX thread only.
 */
public final class PromptViewModel extends PageViewModel {

    private final RunsViewModel runs;
    private final ObservableList<String> agents = FXCollections.observableArrayList();
    private final StringProperty agent = new SimpleStringProperty();
    private final StringProperty input = new SimpleStringProperty("");
    private final BooleanProperty submitting = new SimpleBooleanProperty();

    public PromptViewModel(BackgroundExecutor background, RunsViewModel runs) {
        super(background);
        this.runs = runs;
    }

    @Override
    protected void onSession(FleetSession session) {
        // through null, so the agent chooser redraws even when the next fleet has an agent of the same name
        agent.set(null);
        agents.clear();
        if (session != null) session.lastFleet().ifPresent(this::apply);
    }

    @Override
    protected void handle(List<FleetSignal> batch) {
        for (FleetSignal s : batch) if (s instanceof FleetSnapshot snap) apply(snap.info());
    }

    private void apply(FleetInfo info) {
        if (!agents.equals(info.agents())) agents.setAll(info.agents());
        if (agent.get() == null || !agents.contains(agent.get())) agent.set(agents.isEmpty() ? null : agents.getFirst());
    }

    public void submit() {
        FleetSession session = session();
        if (submitting.get()) return;
        if (session == null) {
            error("Not connected to a fleet: pick one in the sidebar.");
            return;
        }
        if (!mayOperateBinding().get()) {
            error("This console's key for the fleet is read-only (viewer): it may not submit runs; ask an admin for an operator key.");
            return;
        }
        String text = input.get() == null ? "" : input.get();
        if (text.isBlank()) {
            error("Write a prompt first.");
            return;
        }
        String chosen = agent.get();
        if (chosen == null) {
            error("This fleet has no agents yet; wait for it to connect.");
            return;
        }
        submitting.set(true);
        showMessage("Submitting…");
        background().onFx(session.client().runs().submit(chosen, text, null), submitted -> {
            submitting.set(false);
            if (!isCurrent(session)) return;
            showMessage("Submitted " + submitted.runId());
            input.set("");
            runs.trackSubmitted(submitted.runId(), chosen, text, submitted.status());
        }, failure -> {
            submitting.set(false);
            if (!isCurrent(session)) return;
            actionFailed("Not submitted: " + ErrorText.of(failure));
        });
    }

    private void error(String text) {
        showError(text);
    }

    public ObservableList<String> agents() { return agents; }
    public StringProperty agentProperty() { return agent; }
    public StringProperty inputProperty() { return input; }
    public ReadOnlyBooleanProperty submittingProperty() { return submitting; }
}
