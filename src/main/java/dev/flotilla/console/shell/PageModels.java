package dev.flotilla.console.shell;

import dev.flotilla.console.feature.agents.AgentsViewModel;
import dev.flotilla.console.feature.overview.OverviewViewModel;
import dev.flotilla.console.feature.runs.PromptViewModel;
import dev.flotilla.console.feature.runs.RunsViewModel;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import java.time.Clock;

/** The view-models of every page; they all show the fleet that is active in the shell. FX thread only. */
public record PageModels(OverviewViewModel overview, AgentsViewModel agents, RunsViewModel runs, PromptViewModel prompt) {

    public static PageModels create(BackgroundExecutor background, Clock clock) {
        RunsViewModel runs = new RunsViewModel(background, clock);
        return new PageModels(new OverviewViewModel(clock), new AgentsViewModel(background), runs,
                new PromptViewModel(background, runs));
    }

    /**
     * From now on every page switches when the shell's active fleet does, the agents page knows how
     * that fleet's connection goes, and the overview knows whether its page is the one shown.
     */
    public PageModels follow(ShellViewModel shell) {
        shell.activeSessionProperty().addListener((o, was, session) -> show(session));
        show(shell.activeSessionProperty().get());
        shell.stateProperty().addListener((o, was, state) -> {
            agents.setConnection(state);
            runs.setShellState(state);
        });
        agents.setConnection(shell.stateProperty().get());
        runs.setShellState(shell.stateProperty().get());
        shell.pageProperty().addListener((o, was, page) -> overview.setShown(page == Page.OVERVIEW));
        overview.setShown(shell.pageProperty().get() == Page.OVERVIEW);
        return this;
    }

    private void show(FleetSession session) {
        overview.setSession(session);
        agents.setSession(session);
        runs.setSession(session);
        prompt.setSession(session);
    }
}
