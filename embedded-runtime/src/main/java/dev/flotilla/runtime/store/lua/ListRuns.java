package dev.flotilla.runtime.store.lua;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** {@code list_runs.lua}: the newest runs of an index, with previews of long texts, within a byte budget. */
public final class ListRuns {

    private static final LuaScript SCRIPT = LuaScript.load("list_runs");

    /** The runs' hashes, newest first; {@code cutShort}: the byte budget or the status walk ended the list before {@code limit}. */
    public record Reply(List<Map<String, String>> runs, boolean cutShort) {}

    private ListRuns() {}

    /**
     * @param status  keep only runs in this status, found by walking {@code index} ({@code null}: every run of the index)
     * @param walk    with a status: the most runs the walk reads before the list is cut short
     */
    public static Reply call(UnifiedJedis redis, String index, String runKeyPrefix, int limit, int previewBytes, long budgetBytes,
                             String status, int walk) {
        List<?> r = Replies.list(SCRIPT.eval(redis, List.of(index),
                List.of(Integer.toString(limit), Integer.toString(previewBytes), Long.toString(budgetBytes), runKeyPrefix,
                        status == null ? "" : status, Integer.toString(walk))));
        List<Map<String, String>> runs = new ArrayList<>(r.size() - 1);
        for (int i = 1; i < r.size(); i++) runs.add(Replies.hash(Replies.list(r.get(i)), 0));
        return new Reply(runs, "1".equals(r.getFirst()));
    }
}
