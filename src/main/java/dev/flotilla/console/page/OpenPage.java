package dev.flotilla.console.page;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;

/**
 * A page opened for one window: its descriptor, the view-models the shell drives (fleet, connection,
 * shown), the badge on its nav button, and how to build its view. FX thread only.
 */
public final class OpenPage {

    private final PageDescriptor descriptor;
    private final List<PageViewModel> models;
    private final Supplier<? extends PageView> viewFactory;
    private final ObservableValue<NavBadge> badge;
    private PageView view;

    private OpenPage(PageDescriptor descriptor, List<PageViewModel> models, Supplier<? extends PageView> viewFactory,
                     ObservableValue<NavBadge> badge) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.models = List.copyOf(models);
        this.viewFactory = Objects.requireNonNull(viewFactory, "viewFactory");
        this.badge = Objects.requireNonNull(badge, "badge");
        if (this.models.isEmpty()) throw new IllegalArgumentException("page " + descriptor.id() + " has no view-model");
    }

    /** {@code view} is called once, on the FX thread, when the window builds its pages. */
    public static OpenPage of(PageDescriptor descriptor, Supplier<? extends PageView> view, PageViewModel... models) {
        return new OpenPage(descriptor, List.of(models), view, new ReadOnlyObjectWrapper<>(NavBadge.NONE));
    }

    /** The same page with a mark on its nav button that follows {@code badge}. */
    public OpenPage withBadge(ObservableValue<NavBadge> badge) {
        return new OpenPage(descriptor, models, viewFactory, badge);
    }

    public PageDescriptor descriptor() {
        return descriptor;
    }

    public List<PageViewModel> models() {
        return models;
    }

    /** The page's view-model of {@code type}, if it has one. */
    public <M extends PageViewModel> Optional<M> model(Class<M> type) {
        return models.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public ObservableValue<NavBadge> badge() {
        return badge;
    }

    /** Builds the view on the first call; FX thread. */
    public PageView view() {
        if (view == null) view = Objects.requireNonNull(viewFactory.get(), "the view of page " + descriptor.id());
        return view;
    }
}
