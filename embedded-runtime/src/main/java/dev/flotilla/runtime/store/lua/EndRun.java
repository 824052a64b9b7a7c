package dev.flotilla.runtime.store.lua;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** {@code end_run.lua}: a run ended without a lease (cancelled, or failed by the runtime), only from the states given. */
public final class EndRun {

    private static final LuaScript SCRIPT = LuaScript.load("end_run", "runs");

    public enum Reply { ENDED, REFUSED, UNKNOWN }

    private EndRun() {}

    /** {@code from}: the statuses it may end from; {@code fields}: what to set besides the status. */
    public static Reply call(UnifiedJedis redis, String runKey, String runIndex, List<String> from, String to, String step,
                             Map<String, String> fields) {
        List<String> args = new ArrayList<>(3 + 2 * fields.size());
        args.add(String.join(",", from));
        args.add(to);
        args.add(step);
        fields.forEach((k, v) -> { args.add(k); args.add(v); });
        return Reply.valueOf(((String) SCRIPT.eval(redis, List.of(runKey, runIndex), args)).toUpperCase());
    }
}
