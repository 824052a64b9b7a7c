package dev.flotilla.console.feature.settings;

import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;

/** The console's theme, and the shown fleet's demo traffic and pool sizes, in one sheet. */
public final class SettingsPage implements Page {

    public static final PageDescriptor DESCRIPTOR = PageDescriptor.of("settings", "Settings", 7, "/styles/settings.css");

    @Override
    public PageDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public OpenPage open(PageContext context) {
        SettingsViewModel model = new SettingsViewModel(context.background(), context.theme());
        return OpenPage.of(DESCRIPTOR, () -> new SettingsView(model), model);
    }
}
