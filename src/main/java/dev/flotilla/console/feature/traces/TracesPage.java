package dev.flotilla.console.feature.traces;

import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;

/** Runs' traces: find them, and see one as a waterfall of its spans with their attributes and events. */
public final class TracesPage implements Page {

    public static final PageDescriptor DESCRIPTOR = PageDescriptor.ofLetter("traces", "Traces", javafx.scene.input.KeyCode.R, "/styles/traces.css");

    @Override
    public PageDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public OpenPage open(PageContext context) {
        TracesViewModel model = new TracesViewModel(context.background());
        return OpenPage.of(DESCRIPTOR, () -> new TracesView(model), model);
    }
}
