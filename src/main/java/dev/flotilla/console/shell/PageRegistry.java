package dev.flotilla.console.shell;

import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javafx.scene.input.KeyCombination;

/**
 * The console's pages, in the order of their nav buttons. Each page brings its id, title, shortcut
 * and style sheet in its descriptor; the registry only checks that they get along: ids and shortcuts
 * are unique, and no page takes a key of the window's own.
 */
public final class PageRegistry {

    private final List<Page> pages;

    /** {@code reserved}: the window's own keys ({@link Shortcuts#SHELL}). */
    public PageRegistry(List<? extends Page> pages, Collection<KeyCombination> reserved) {
        this.pages = List.copyOf(pages);
        if (this.pages.isEmpty()) throw new IllegalArgumentException("a console needs at least one page");
        Set<String> ids = new HashSet<>();
        Map<KeyCombination, String> keys = new HashMap<>();
        for (Page p : this.pages) {
            PageDescriptor d = Objects.requireNonNull(p.descriptor(), () -> "descriptor of " + p.getClass().getName());
            if (!ids.add(d.id())) throw new IllegalArgumentException("two pages have the id '" + d.id() + "'");
            if (reserved.contains(d.shortcut())) {
                throw new IllegalArgumentException("page " + d.id() + " takes " + d.shortcut().getDisplayText() + ", a key of the window");
            }
            String other = keys.putIfAbsent(d.shortcut(), d.id());
            if (other != null) {
                throw new IllegalArgumentException("pages " + other + " and " + d.id() + " share the shortcut " + d.shortcut().getDisplayText());
            }
        }
    }

    public List<Page> pages() {
        return pages;
    }

    public List<PageDescriptor> descriptors() {
        return pages.stream().map(Page::descriptor).toList();
    }

    /** The pages' style sheets, in page order. */
    public List<String> styleSheets() {
        return pages.stream().map(p -> p.descriptor().styleSheet()).filter(Objects::nonNull).distinct().toList();
    }

    /** Opens every page for one window (view-models only; views are built by the shell). */
    public OpenPages open(PageContext context) {
        List<OpenPage> open = pages.stream().map(p -> {
            OpenPage o = Objects.requireNonNull(p.open(context), () -> "page " + p.descriptor().id() + " opened nothing");
            if (!o.descriptor().equals(p.descriptor())) {
                throw new IllegalStateException("page " + p.descriptor().id() + " opened as " + o.descriptor().id());
            }
            return o;
        }).toList();
        return new OpenPages(open);
    }
}
