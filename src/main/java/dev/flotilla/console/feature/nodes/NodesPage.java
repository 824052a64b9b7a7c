package dev.flotilla.console.feature.nodes;

import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;

/** The fleet's nodes, and the commands that steer one of them. */
public final class NodesPage implements Page {

    public static final PageDescriptor DESCRIPTOR = PageDescriptor.of("nodes", "Nodes", 4, "/styles/nodes.css");

    @Override
    public PageDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public OpenPage open(PageContext context) {
        NodesViewModel model = new NodesViewModel(context.background(), context.clock());
        return OpenPage.of(DESCRIPTOR, () -> new NodesView(model), model);
    }
}
