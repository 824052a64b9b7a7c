package dev.flotilla.runtime.money.ledger;

import dev.flotilla.runtime.kernel.FleetScript;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers {@code GET /v1/spend} from the ledger the spend script keeps (one hash per UTC day: the
 * total, and sums per agent, model, key, tool role and hour), in one round trip, without reading a run.
 */
public final class SpendReport {

    public static final List<String> GROUPS = List.of("agent", "model", "key", "role", "day", "hour");
    private static final int MAX_DAYS = 366;

    private final FleetScript ledger;
    private final String prefix;

    public SpendReport(FleetScript ledger, String prefix) {
        this.ledger = ledger;
        this.prefix = prefix;
    }

    /**
     * Spend from {@code from} to {@code to} (UTC days, inclusive, {@code yyyy-mm-dd} or an ISO instant;
     * by default the last 7 days up to today) grouped by {@code groupBy} (default day).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> report(String groupBy, String from, String to, Instant now) {
        String group = groupBy == null || groupBy.isBlank() ? "day" : groupBy.trim();
        if (!GROUPS.contains(group)) throw new IllegalArgumentException("group_by must be one of " + GROUPS + ": '" + cut(group) + "'");
        LocalDate last = to == null || to.isBlank() ? LocalDate.ofInstant(now, ZoneOffset.UTC) : day("to", to);
        LocalDate first = from == null || from.isBlank() ? last.minusDays(6) : day("from", from);
        if (first.isAfter(last)) throw new IllegalArgumentException("from (" + first + ") is after to (" + last + ")");
        long days = ChronoUnit.DAYS.between(first, last) + 1;
        if (days > MAX_DAYS) throw new IllegalArgumentException("at most " + MAX_DAYS + " days at once: " + first + " to " + last);
        List<String> dayList = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) dayList.add(d.toString());
        List<Object> hashes = (List<Object>) ledger.run(List.of(prefix), dayList);
        Map<String, Double> groups = new TreeMap<>();
        double total = 0;
        long calls = 0;
        for (int i = 0; i < dayList.size(); i++) {
            List<Object> flat = (List<Object>) hashes.get(i);
            for (int j = 0; j + 1 < flat.size(); j += 2) {
                String field = (String) flat.get(j);
                String value = (String) flat.get(j + 1);
                if (field.equals("total")) {
                    double v = Double.parseDouble(value);
                    total += v;
                    if (group.equals("day")) groups.merge(dayList.get(i), v, Double::sum);
                } else if (field.equals("calls")) {
                    calls += Long.parseLong(value);
                } else if (field.startsWith(group + ":") && !group.equals("day")) {
                    String k = group.equals("hour") ? dayList.get(i) + "T" + field.substring(5) + ":00Z" : field.substring(group.length() + 1);
                    groups.merge(k, Double.parseDouble(value), Double::sum);
                }
            }
        }
        if (group.equals("day")) for (String d : dayList) groups.putIfAbsent(d, 0.0);
        List<Object> out = new ArrayList<>();
        groups.forEach((k, v) -> out.add(Map.of("key", k, "cost_usd", v)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group_by", group);
        m.put("from", first.toString());
        m.put("to", last.toString());
        m.put("total_usd", total);
        m.put("calls", calls);
        m.put("groups", out);
        return m;
    }

    private static LocalDate day(String name, String text) {
        String t = text.trim();
        try {
            return t.length() == 10 ? LocalDate.parse(t) : LocalDate.ofInstant(Instant.parse(t), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a day (yyyy-mm-dd) or an ISO-8601 instant: '" + cut(t) + "'");
        }
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
