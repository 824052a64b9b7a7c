package dev.flotilla.console.feature.nodes;

import java.util.Locale;

/** How node values read on the nodes page. */
final class NodeFormat {

    private NodeFormat() {}

    /** A heartbeat age: "0.4 s ago" while fresh, coarser as it grows; "—" when unknown. */
    static String age(Long ms) {
        if (ms == null) return "—";
        if (ms < 10_000) return String.format(Locale.ROOT, "%.1f s ago", ms / 1000.0);
        if (ms < 60_000) return ms / 1000 + " s ago";
        if (ms < 3_600_000) return ms / 60_000 + " min " + ms / 1000 % 60 + " s ago";
        return ms / 3_600_000 + " h " + ms / 60_000 % 60 + " min ago";
    }

    /** "1 run", "3 runs". */
    static String runs(int n) {
        return n + (n == 1 ? " run" : " runs");
    }

    static String agents(int n) {
        return n + (n == 1 ? " agent" : " agents");
    }
}
