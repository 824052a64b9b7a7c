package dev.flotilla.console.shell;

import dev.flotilla.console.page.Notice;
import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.PageDescriptor;
import dev.flotilla.console.page.PageViewModel;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The pages of one window, driven by the shell: every page's view-models follow the active fleet
 * and its connection state, know whether their page is shown, and hand their notices on while the
 * operator looks elsewhere. No scene graph here, so it is tested without a window. FX thread only.
 */
public final class OpenPages {

    private final List<OpenPage> pages;
    private BiConsumer<PageDescriptor, Notice> notices = (page, notice) -> { };

    OpenPages(List<OpenPage> pages) {
        this.pages = List.copyOf(pages);
    }

    /** From now on the pages follow {@code shell}: its fleet, its fleet's connection, and which page it shows. */
    public OpenPages follow(ShellViewModel shell) {
        shell.activeSessionProperty().addListener((o, was, session) -> eachModel(m -> m.setSession(session)));
        eachModel(m -> m.setSession(shell.activeSessionProperty().get()));
        shell.stateProperty().addListener((o, was, state) -> eachModel(m -> m.setConnection(state)));
        eachModel(m -> m.setConnection(shell.stateProperty().get()));
        if (shell.pageProperty().get() == null) shell.show(pages.getFirst().descriptor());
        shell.pageProperty().addListener((o, was, page) -> shown(page));
        shown(shell.pageProperty().get());
        for (OpenPage page : pages) {
            for (PageViewModel m : page.models()) {
                // the page shows its news in place; a notification is for an operator looking elsewhere
                m.setNoticeSink(n -> {
                    if (!m.shownProperty().get()) notices.accept(page.descriptor(), n);
                });
            }
        }
        return this;
    }

    private void shown(PageDescriptor shownPage) {
        for (OpenPage page : pages) {
            boolean on = page.descriptor().equals(shownPage);
            page.models().forEach(m -> m.setShown(on));
        }
    }

    private void eachModel(Consumer<PageViewModel> action) {
        pages.forEach(p -> p.models().forEach(action));
    }

    /** Notices of pages that are not shown go to {@code sink} (the window's notifications). */
    public void onNotice(BiConsumer<PageDescriptor, Notice> sink) {
        this.notices = Objects.requireNonNull(sink, "sink");
    }

    public List<OpenPage> all() {
        return pages;
    }

    /** The page whose descriptor is {@code d}. */
    public OpenPage page(PageDescriptor d) {
        return pages.stream().filter(p -> p.descriptor().equals(d)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no page " + d.id()));
    }

    /** The view-model of {@code type} of whichever page has one. */
    public <M extends PageViewModel> M model(Class<M> type) {
        return pages.stream().flatMap(p -> p.model(type).stream()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no page has a " + type.getSimpleName()));
    }
}
