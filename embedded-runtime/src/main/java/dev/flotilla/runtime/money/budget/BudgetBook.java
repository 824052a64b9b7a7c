package dev.flotilla.runtime.money.budget;

import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.FleetScript;
import dev.flotilla.runtime.kernel.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet's budgets as this node knows them: their definitions (one Redis hash, read again by
 * {@link #refresh}) and where each stood when this node last heard (the replies of its own
 * reservations, and the refresh). Model calls and admission read only this copy: no round trip.
 */
public final class BudgetBook {

    /** Where a budget stood in one period, as last heard. */
    public record Known(String periodKey, SpendScript.State state) {}

    private final FleetScript docs;
    private final String key;
    private final SpendScript spend;
    private volatile List<Budget> budgets = List.of();
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    public BudgetBook(FleetScript docs, String key, SpendScript spend) {
        this.docs = docs;
        this.key = key;
        this.spend = spend;
    }

    public List<Budget> all() { return budgets; }

    public Budget byId(String id) {
        for (Budget b : budgets) if (b.id().equals(id)) return b;
        return null;
    }

    /** The budgets that limit a model call (or, {@code model} null, a run at admission, model budgets left out). */
    public List<Budget> applicable(Principal who, String agent, String model) {
        List<Budget> all = budgets;
        if (all.isEmpty()) return List.of();
        List<Budget> out = new ArrayList<>(2);
        for (Budget b : all) if (b.applies(who, agent, model)) out.add(b);
        return out;
    }

    /** Where {@code b} stood in the period of {@code now} when last heard; null when not heard in this period. */
    public SpendScript.State state(Budget b, Instant now) {
        Known k = known.get(b.id());
        return k == null || !k.periodKey().equals(b.period().key(now)) ? null : k.state();
    }

    /** Notes what a step answered about {@code refs} (in order). */
    public void heard(List<SpendScript.BudgetRef> refs, List<SpendScript.State> states) {
        for (int i = 0; i < refs.size() && i < states.size(); i++) known.put(refs.get(i).id(), new Known(refs.get(i).p(), states.get(i)));
    }

    /** Notes {@code states} of {@code refs} and answers them. */
    public List<SpendScript.State> heardAll(List<SpendScript.BudgetRef> refs, List<SpendScript.State> states) {
        heard(refs, states);
        return states;
    }

    /** Reads the definitions and every budget's state again: two round trips, on a timer (never per call). */
    @SuppressWarnings("unchecked")
    public void refresh(Instant now) {
        List<Object> flat = (List<Object>) docs.run(List.of(key), List.of("all", ""));
        List<Budget> read = new ArrayList<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            try {
                read.add(Budget.stored(Json.MAPPER.readTree((String) flat.get(i + 1))));
            } catch (Exception e) {
                throw new IllegalStateException("unreadable budget " + flat.get(i) + ": " + e.getMessage(), e);
            }
        }
        read.sort(Comparator.comparing(Budget::createdAt).thenComparing(Budget::id));
        budgets = List.copyOf(read);
        known.keySet().retainAll(read.stream().map(Budget::id).toList());
        if (!read.isEmpty()) {
            List<SpendScript.BudgetRef> refs = read.stream().map(b -> SpendScript.BudgetRef.of(b, now)).toList();
            heard(refs, spend.state(now, refs).states());
        }
    }

    /** Stores {@code b} (new or changed); answers what it replaced, or null. */
    public Budget put(Budget b, Instant now) {
        Object before = docs.run(List.of(key), List.of("put", b.id(), Json.write(b.toMap())));
        refresh(now);
        return parse(before);
    }

    /** Deletes budget {@code id}; answers what it was, or null when there was none. */
    public Budget delete(String id, Instant now) {
        Object before = docs.run(List.of(key), List.of("del", id, ""));
        refresh(now);
        return parse(before);
    }

    private static Budget parse(Object stored) {
        if (!(stored instanceof String s)) return null;
        try {
            return Budget.stored(Json.MAPPER.readTree(s));
        } catch (Exception e) {
            return null;
        }
    }
}
