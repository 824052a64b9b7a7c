package dev.flotilla.runtime.money.price;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.FleetScript;
import dev.flotilla.runtime.model.ModelRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet's prices, versioned: per model every price it had, each from its effective time on.
 * A call is priced at the version in effect when it is made, so a change never rewrites a past
 * cost. Kept in Redis (one hash, a model's versions as a JSON array) and read from a local copy
 * that {@link #refresh()} renews; shipped defaults price the simulated models until someone sets theirs.
 */
public final class PriceTable {

    /** The simulated models' prices: so the demo fleet shows money from the first run. */
    public static final List<ModelPrice> DEFAULTS = List.of(
            new ModelPrice("simulated/primary", Instant.EPOCH, 3.00, 0.30, 15.00, 15.00, 512),
            new ModelPrice("simulated/fallback", Instant.EPOCH, 0.25, 0.025, 1.25, 1.25, 512));

    private static final TypeReference<List<ModelPrice>> VERSIONS = new TypeReference<>() {};

    private final FleetScript docs;
    private final String key;
    private volatile Map<String, List<ModelPrice>> byModel = index(DEFAULTS);

    /** {@code docs}: the module's document script; {@code key}: the hash of prices. */
    public PriceTable(FleetScript docs, String key) {
        this.docs = docs;
        this.key = key;
    }

    /** The price of {@code model} at {@code at}, or null when it has none (then its calls cost nothing). */
    public ModelPrice at(String model, Instant at) {
        List<ModelPrice> versions = byModel.get(model);
        if (versions == null) return null;
        ModelPrice found = null;
        for (ModelPrice p : versions) {
            if (p.effectiveFrom().isAfter(at)) break;
            found = p;
        }
        return found;
    }

    /** Every model's versions, oldest first. */
    public Map<String, List<ModelPrice>> all() {
        return new TreeMap<>(byModel);
    }

    /** Reads the fleet's prices again (the defaults stay for models nobody priced). */
    @SuppressWarnings("unchecked")
    public void refresh() {
        List<Object> flat = (List<Object>) docs.run(List.of(key), List.of("all", ""));
        List<ModelPrice> all = new ArrayList<>(DEFAULTS.stream().filter(d -> !contains(flat, d.model())).toList());
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            try {
                all.addAll(Json.MAPPER.readValue((String) flat.get(i + 1), VERSIONS));
            } catch (Exception e) {
                throw new IllegalStateException("unreadable prices of " + flat.get(i) + ": " + e.getMessage(), e);
            }
        }
        byModel = index(all);
    }

    private static boolean contains(List<Object> flat, String model) {
        for (int i = 0; i < flat.size(); i += 2) if (model.equals(flat.get(i))) return true;
        return false;
    }

    /**
     * Adds {@code price} as a new version of its model (a version with the same effective time is
     * replaced); answers the model's versions before and after, for the audit.
     */
    public Change put(ModelPrice price) {
        ModelRef.parse(price.model()); // names a model as provider/model, or throws
        refresh();
        List<ModelPrice> before = byModel.getOrDefault(price.model(), List.of());
        List<ModelPrice> after = new ArrayList<>(before.stream().filter(p -> !p.effectiveFrom().equals(price.effectiveFrom())).toList());
        after.add(price);
        after.sort(Comparator.comparing(ModelPrice::effectiveFrom));
        docs.run(List.of(key), List.of("put", price.model(), Json.write(after)));
        refresh();
        return new Change(before, List.copyOf(after));
    }

    public record Change(List<ModelPrice> before, List<ModelPrice> after) {}

    private static Map<String, List<ModelPrice>> index(List<ModelPrice> prices) {
        Map<String, List<ModelPrice>> m = new HashMap<>();
        for (ModelPrice p : prices) m.computeIfAbsent(p.model(), k -> new ArrayList<>()).add(p);
        m.values().forEach(v -> v.sort(Comparator.comparing(ModelPrice::effectiveFrom)));
        m.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(m);
    }
}
