package dev.flotilla.runtime.money.budget;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.FleetScript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The module's one script of money (spend.lua): reserve (with the settlements it carries), settle,
 * release and state, each one atomic step and one round trip. Thread-safe.
 */
public final class SpendScript {

    public static final String RESOURCE = "dev/flotilla/runtime/money/spend.lua";

    /** A budget as the script needs it: its id and name, the period's key and lifetime, its limit and thresholds. */
    public record BudgetRef(String id, String name, String p, long ttl, double limit, List<Double> th) {
        public static BudgetRef of(Budget b, Instant now) {
            return new BudgetRef(b.id(), b.name(), b.period().key(now), b.period().keepMillis(now), b.limitUsd(), b.thresholds());
        }
    }

    /**
     * A call's real cost: releases reservation {@code field} of {@code run} (null when it reserved
     * nothing), adds {@code cost} to {@code b}'s spend and to the ledger of {@code day} and {@code hour}.
     */
    public record Settle(String run, String field, double cost, List<BudgetRef> b, String day, String hour,
                         String agent, String model, String key, String role) {}

    /**
     * Where a budget stood after the step: spent, reserved, when a call was last refused against it
     * (ms, 0: never) and the amount that call asked for.
     */
    public record State(double spent, double reserved, long refusedAt, double refusedAmount) {}

    /** A threshold crossed for the first time in its period, fleet-wide. */
    public record Alert(String id, @JsonProperty("budget_id") String budgetId, String budget, double threshold,
                        @JsonProperty("spent_usd") double spentUsd, @JsonProperty("limit_usd") double limitUsd,
                        String period, long at) {}

    /** {@code refused}: the budget that had no room (null when reserved); {@code states} in the order of the request's budgets. */
    public record Reply(String refused, List<State> states, List<Alert> alerts) {}

    private final FleetScript script;
    private final String prefix;

    /** {@code prefix}: the module's key prefix in the fleet, e.g. {@code flotilla:{default}:money:}. */
    public SpendScript(FleetScript script, String prefix) {
        this.script = script;
        this.prefix = prefix;
    }

    public Reply reserve(Instant now, String run, String exec, int seq, double amount, Instant expires,
                         List<BudgetRef> budgets, List<Settle> settles) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("run", run);
        req.put("exec", exec);
        req.put("seq", seq);
        req.put("amount", amount);
        req.put("exp", expires.toEpochMilli());
        req.put("b", budgets);
        req.put("s", settles);
        return call("reserve", now, req);
    }

    public Reply settle(Instant now, List<Settle> settles) {
        return call("settle", now, Map.of("s", settles));
    }

    /** Releases the reservations of {@code run} made before {@code before} (its lease was taken over). */
    public Reply release(Instant now, String run, Instant before) {
        return call("release", now, Map.of("run", run, "before", before.toEpochMilli()));
    }

    public Reply state(Instant now, List<BudgetRef> budgets) {
        return call("state", now, Map.of("b", budgets));
    }

    private Reply call(String op, Instant now, Object req) {
        String json = (String) script.run(List.of(prefix), List.of(op, Long.toString(now.toEpochMilli()), Json.write(req)));
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            List<State> states = new ArrayList<>();
            JsonNode st = n.path("states");
            if (st.isArray()) for (JsonNode s : st) states.add(new State(s.get(0).asDouble(), s.get(1).asDouble(), s.get(2).asLong(), s.get(3).asDouble()));
            List<Alert> alerts = new ArrayList<>();
            JsonNode al = n.path("alerts");
            if (al.isArray()) for (JsonNode a : al) alerts.add(Json.MAPPER.readValue(a.asText(), Alert.class));
            JsonNode refused = n.path("refused");
            return new Reply(refused.isTextual() ? refused.asText() : null, states, alerts);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable reply of spend.lua " + op + ": " + json, e);
        }
    }
}
