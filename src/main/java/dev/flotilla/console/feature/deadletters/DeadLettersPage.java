package dev.flotilla.console.feature.deadletters;

import dev.flotilla.console.page.NavBadge;
import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;

/** Runs that failed delivery too often; its nav button counts them. */
public final class DeadLettersPage implements Page {

    public static final PageDescriptor DESCRIPTOR = PageDescriptor.of("dead-letters", "Dead letters", 6, "/styles/deadletters.css");

    @Override
    public PageDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public OpenPage open(PageContext context) {
        DeadLettersViewModel model = new DeadLettersViewModel(context.background());
        return OpenPage.of(DESCRIPTOR, () -> new DeadLettersView(model), model).withBadge(badge(model));
    }

    /** News, not an alarm: the runs wait safely until someone replays or discards them. */
    static ObservableValue<NavBadge> badge(DeadLettersViewModel model) {
        return Bindings.createObjectBinding(() -> {
            int n = model.countProperty().get();
            return n == 0 ? NavBadge.NONE : new NavBadge(n >= 100 ? "99+" : Integer.toString(n),
                    n + (n == 1 ? " run waits" : " runs wait") + " in the dead letters", false);
        }, model.countProperty());
    }
}
