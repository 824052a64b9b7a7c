package dev.flotilla.runtime.toolpolicy;

import dev.flotilla.runtime.kernel.FleetScript;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The fleet's tool policy in Redis, through one script ({@code tool_policy.lua}): the current
 * version's number, every version by number, and the recently recorded tool calls (newest first,
 * at most {@link #CALLS_KEPT}) that dry runs replay. Thread-safe; each method is one round trip.
 */
final class PolicyStore {

    static final String SCRIPT = "dev/flotilla/runtime/toolpolicy/tool_policy.lua";
    /** Recorded tool calls kept for dry runs: enough for the last 1,000 runs at several calls each. */
    static final int CALLS_KEPT = 20_000;

    /** What a heartbeat learns: the current number, and that version when it is not the one the node knew. */
    record Beat(long current, PolicyVersion changed) {}

    private final FleetScript script;
    private final List<String> keys;

    PolicyStore(FleetScript script, UnaryOperator<String> fleetKey) {
        this.script = script;
        this.keys = List.of(fleetKey.apply("toolpolicy:version"), fleetKey.apply("toolpolicy:versions"),
                fleetKey.apply("toolpolicy:calls"));
    }

    /** Pushes {@code calls} (recorded call JSON) and reads the current version when it is not {@code known}. */
    Beat beat(long known, List<String> calls) {
        List<String> args = new ArrayList<>(calls.size() + 3);
        args.add("beat");
        args.add(Long.toString(known));
        args.add(Integer.toString(CALLS_KEPT));
        args.addAll(calls);
        List<?> reply = (List<?>) script.run(keys, args);
        long current = (Long) reply.get(0);
        if (current == 0 && known != 0) return new Beat(0, PolicyVersion.defaults());
        if (reply.size() < 2 || reply.get(1) == null) return new Beat(current, null);
        return new Beat(current, PolicyVersion.fromRecord(current, (String) reply.get(1)));
    }

    /** Publishes {@code next} as the next version; -1 when {@code expected} is given and is not the current number. */
    long publish(Long expected, PolicyVersion next) {
        List<?> reply = (List<?>) script.run(keys, List.of("publish", expected == null ? "" : expected.toString(), next.record()));
        return (Long) reply.get(0) == 1 ? (Long) reply.get(1) : -1;
    }

    /** Version {@code number} (null: the current one); null when there is no such version. */
    PolicyVersion read(Long number) {
        if (number != null && number == 0) return PolicyVersion.defaults();
        List<?> reply = (List<?>) script.run(keys, List.of("read", number == null ? "" : number.toString()));
        long current = (Long) reply.get(0);
        if (number == null && current == 0) return PolicyVersion.defaults();
        if (reply.size() < 2 || reply.get(1) == null) return null;
        return PolicyVersion.fromRecord(number == null ? current : number, (String) reply.get(1));
    }

    /** Every version, newest first, the built-in defaults (0) last. */
    List<PolicyVersion> versions() {
        List<?> reply = (List<?>) script.run(keys, List.of("versions"));
        List<PolicyVersion> out = new ArrayList<>();
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            out.add(PolicyVersion.fromRecord(Long.parseLong((String) reply.get(i)), (String) reply.get(i + 1)));
        }
        out.sort(Comparator.comparingLong(PolicyVersion::number).reversed());
        out.add(PolicyVersion.defaults());
        return out;
    }

    /** The newest {@code limit} recorded calls (JSON), newest first. */
    @SuppressWarnings("unchecked")
    List<String> calls(int limit) {
        return (List<String>) script.run(keys, List.of("calls", Integer.toString(limit)));
    }
}
