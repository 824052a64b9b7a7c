package dev.flotilla.console.feature.overview;

import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;

/** The overview: live tiles and the last five minutes. */
public final class OverviewPage implements Page {

    public static final PageDescriptor DESCRIPTOR = PageDescriptor.of("overview", "Overview", 1, "/styles/overview.css");

    @Override
    public PageDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public OpenPage open(PageContext context) {
        OverviewViewModel model = new OverviewViewModel(context.clock());
        return OpenPage.of(DESCRIPTOR, () -> new OverviewView(model, context.theme()), model);
    }
}
