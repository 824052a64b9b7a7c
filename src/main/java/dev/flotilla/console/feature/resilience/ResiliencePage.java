package dev.flotilla.console.feature.resilience;

import dev.flotilla.console.page.NavBadge;
import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;

/** Breakers, resilience counters and recent events; its nav button counts what is wrong now. */
public final class ResiliencePage implements Page {

    public static final PageDescriptor DESCRIPTOR = PageDescriptor.of("resilience", "Resilience", 5, "/styles/resilience.css");

    @Override
    public PageDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public OpenPage open(PageContext context) {
        ResilienceViewModel model = new ResilienceViewModel(context.background(), context.clock());
        return OpenPage.of(DESCRIPTOR, () -> new ResilienceView(model), model).withBadge(badge(model));
    }

    /** Open breakers and recent rejections, in red: they are happening now. */
    static ObservableValue<NavBadge> badge(ResilienceViewModel model) {
        return Bindings.createObjectBinding(() -> {
            int problems = model.openBreakersProperty().get() + model.recentRejectionsProperty().get();
            return problems == 0 ? NavBadge.NONE : new NavBadge(problems > 99 ? "99+" : Integer.toString(problems),
                    model.attentionProperty().get(), true);
        }, model.openBreakersProperty(), model.recentRejectionsProperty(), model.attentionProperty());
    }
}
