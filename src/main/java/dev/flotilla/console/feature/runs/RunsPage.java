package dev.flotilla.console.feature.runs;

import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;

/** Recent runs, the selected one in detail, and the prompt that submits new ones. */
public final class RunsPage implements Page {

    public static final PageDescriptor DESCRIPTOR = PageDescriptor.of("runs", "Runs", 3, "/styles/runs.css");

    @Override
    public PageDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public OpenPage open(PageContext context) {
        RunsViewModel runs = new RunsViewModel(context.background(), context.clock());
        PromptViewModel prompt = new PromptViewModel(context.background(), runs);
        return OpenPage.of(DESCRIPTOR, () -> new RunsView(runs, prompt), runs, prompt);
    }
}
