package dev.flotilla.console.feature.permissions;

import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;

/** Who may call which tool: the fleet's tool policy as a matrix to edit, dry-run, publish and roll back. */
public final class PermissionsPage implements Page {

    public static final PageDescriptor DESCRIPTOR = PageDescriptor.ofLetter("permissions", "Permissions", javafx.scene.input.KeyCode.P, "/styles/permissions.css");

    @Override
    public PageDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public OpenPage open(PageContext context) {
        PermissionsViewModel model = new PermissionsViewModel(context.background());
        return OpenPage.of(DESCRIPTOR, () -> new PermissionsView(model), model);
    }
}
