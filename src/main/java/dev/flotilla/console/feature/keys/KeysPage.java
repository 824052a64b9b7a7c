package dev.flotilla.console.feature.keys;

import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;

/** The fleet's API keys (admin) and the role of the key this console uses. */
public final class KeysPage implements Page {

    public static final PageDescriptor DESCRIPTOR = PageDescriptor.of("keys", "Keys", 9, "/styles/keys.css");

    @Override
    public PageDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public OpenPage open(PageContext context) {
        KeysViewModel model = new KeysViewModel(context.background(), context.clock());
        return OpenPage.of(DESCRIPTOR, () -> new KeysView(model), model);
    }
}
