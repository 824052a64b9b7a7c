package dev.flotilla.runtime.money.budget;

/** What the spending guard tells the rest of the module (metrics, alerts); fast, no I/O but publishing events. */
public interface SpendListener {

    /** A model call of {@code agent} on {@code model} cost {@code usd}. */
    void cost(String agent, String model, double usd);

    /** Budget {@code budgetId} refused a call. */
    void rejected(String budgetId);

    /** A step answered: thresholds it crossed, where budgets stand. */
    void answered(SpendScript.Reply reply);
}
