package dev.flotilla.console;

import dev.flotilla.console.feature.agents.AgentsPage;
import dev.flotilla.console.feature.audit.AuditPage;
import dev.flotilla.console.feature.budgets.BudgetsPage;
import dev.flotilla.console.feature.deadletters.DeadLettersPage;
import dev.flotilla.console.feature.keys.KeysPage;
import dev.flotilla.console.feature.nodes.NodesPage;
import dev.flotilla.console.feature.overview.OverviewPage;
import dev.flotilla.console.feature.permissions.PermissionsPage;
import dev.flotilla.console.feature.resilience.ResiliencePage;
import dev.flotilla.console.feature.runs.RunsPage;
import dev.flotilla.console.feature.settings.SettingsPage;
import dev.flotilla.console.feature.traces.TracesPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.shell.PageRegistry;
import dev.flotilla.console.shell.Shortcuts;
import java.util.List;

/**
 * The console's pages, in the order of their nav buttons: the one place a page is registered. A new
 * page is its folder under {@code feature/} plus one line here.
 */
public final class ConsolePages {

    private ConsolePages() {}

    public static List<Page> all() {
        return List.of(
                new OverviewPage(),
                new AgentsPage(),
                new RunsPage(),
                new NodesPage(),
                new ResiliencePage(),
                new DeadLettersPage(),
                new SettingsPage(),
                new AuditPage(),
                new KeysPage(),
                new PermissionsPage(),
                new TracesPage(),
                new BudgetsPage());
    }

    public static PageRegistry registry() {
        return new PageRegistry(all(), Shortcuts.SHELL);
    }
}
