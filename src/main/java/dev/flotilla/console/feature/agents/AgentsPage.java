package dev.flotilla.console.feature.agents;

import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;

/** The agents of every node, and scaling the pool of the node that answers. */
public final class AgentsPage implements Page {

    public static final PageDescriptor DESCRIPTOR = PageDescriptor.of("agents", "Agents", 2, "/styles/agents.css");

    @Override
    public PageDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public OpenPage open(PageContext context) {
        AgentsViewModel model = new AgentsViewModel(context.background());
        return OpenPage.of(DESCRIPTOR, () -> new AgentsView(model), model);
    }
}
