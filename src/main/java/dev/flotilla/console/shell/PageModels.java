package dev.flotilla.console.shell;

import dev.flotilla.console.feature.agents.AgentsViewModel;
import dev.flotilla.console.feature.deadletters.DeadLettersViewModel;
import dev.flotilla.console.feature.nodes.NodesViewModel;
import dev.flotilla.console.feature.overview.OverviewViewModel;
import dev.flotilla.console.feature.resilience.ResilienceViewModel;
import dev.flotilla.console.feature.runs.PromptViewModel;
import dev.flotilla.console.feature.runs.RunsViewModel;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import java.time.Clock;
import javafx.beans.binding.Bindings;

/** The view-models of every page; they all show the fleet that is active in the shell. FX thread only. */
public record PageModels(OverviewViewModel overview, AgentsViewModel agents, RunsViewModel runs, PromptViewModel prompt,
                         NodesViewModel nodes, ResilienceViewModel resilience, DeadLettersViewModel deadLetters) {

    public static PageModels create(BackgroundExecutor background, Clock clock) {
        RunsViewModel runs = new RunsViewModel(background, clock);
        return new PageModels(new OverviewViewModel(clock), new AgentsViewModel(background), runs,
                new PromptViewModel(background, runs), new NodesViewModel(background, clock),
                new ResilienceViewModel(background, clock), new DeadLettersViewModel(background));
    }

    /**
     * From now on every page switches when the shell's active fleet does, the agents and nodes
     * pages know how that fleet's connection goes, the pages that tick know whether they are
     * shown, and the nav buttons of resilience and dead letters carry what wants attention.
     */
    public PageModels follow(ShellViewModel shell) {
        shell.activeSessionProperty().addListener((o, was, session) -> show(session));
        show(shell.activeSessionProperty().get());
        shell.stateProperty().addListener((o, was, state) -> {
            agents.setConnection(state);
            nodes.setConnection(state);
            runs.setShellState(state);
        });
        agents.setConnection(shell.stateProperty().get());
        nodes.setConnection(shell.stateProperty().get());
        runs.setShellState(shell.stateProperty().get());
        shell.pageProperty().addListener((o, was, page) -> shown(page));
        shown(shell.pageProperty().get());
        shell.badgeProperty(Page.RESILIENCE).bind(Bindings.createObjectBinding(() -> {
            int problems = resilience.openBreakersProperty().get() + resilience.recentRejectionsProperty().get();
            return problems == 0 ? NavBadge.NONE : new NavBadge(problems > 99 ? "99+" : Integer.toString(problems),
                    resilience.attentionProperty().get(), true);
        }, resilience.openBreakersProperty(), resilience.recentRejectionsProperty(), resilience.attentionProperty()));
        shell.badgeProperty(Page.DEAD_LETTERS).bind(Bindings.createObjectBinding(() -> {
            int n = deadLetters.countProperty().get();
            return n == 0 ? NavBadge.NONE : new NavBadge(n >= 100 ? "99+" : Integer.toString(n),
                    n + (n == 1 ? " run waits" : " runs wait") + " in the dead letters", false);
        }, deadLetters.countProperty()));
        return this;
    }

    private void shown(Page page) {
        overview.setShown(page == Page.OVERVIEW);
        nodes.setShown(page == Page.NODES);
    }

    private void show(FleetSession session) {
        overview.setSession(session);
        agents.setSession(session);
        runs.setSession(session);
        prompt.setSession(session);
        nodes.setSession(session);
        resilience.setSession(session);
        deadLetters.setSession(session);
    }
}
