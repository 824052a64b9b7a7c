package dev.flotilla.console.feature.budgets;

import dev.flotilla.console.page.NavBadge;
import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;

/** Budgets and spend: gauges, spend over time, alerts; its nav button counts the budgets that are spent. */
public final class BudgetsPage implements Page {

    public static final PageDescriptor DESCRIPTOR = PageDescriptor.ofLetter("budgets", "Budgets", javafx.scene.input.KeyCode.B, "/styles/budgets.css");

    @Override
    public PageDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public OpenPage open(PageContext context) {
        BudgetsViewModel model = new BudgetsViewModel(context.background());
        return OpenPage.of(DESCRIPTOR, () -> new BudgetsView(model), model).withBadge(badge(model));
    }

    /** Spent budgets, in red: new runs they limit are being refused. */
    static ObservableValue<NavBadge> badge(BudgetsViewModel model) {
        return Bindings.createObjectBinding(() -> {
            long spent = model.budgets().stream().filter(b -> b.exhausted()).count();
            return spent == 0 ? NavBadge.NONE : new NavBadge(Long.toString(spent),
                    spent + (spent == 1 ? " budget is" : " budgets are") + " spent: runs they limit are refused", true);
        }, model.budgets());
    }
}
