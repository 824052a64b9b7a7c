package dev.flotilla.console.feature.audit;

import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;

/** The fleet's tamper-evident audit log: who did what, from where, and whether the chain is intact. */
public final class AuditPage implements Page {

    public static final PageDescriptor DESCRIPTOR = PageDescriptor.of("audit", "Audit", 8, "/styles/audit.css");

    @Override
    public PageDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public OpenPage open(PageContext context) {
        AuditViewModel model = new AuditViewModel(context.background());
        return OpenPage.of(DESCRIPTOR, () -> new AuditView(model), model);
    }
}
