package dev.flotilla.console.feature.runs;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How run values read in the runs table and the detail pane. */
final class RunFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private RunFormat() {}

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    static String duration(Long ms) {
        if (ms == null) return "";
        if (ms < 1_000) return ms + " ms";
        if (ms < 60_000) return String.format("%.1f s", ms / 1000.0);
        return String.format("%d min %d s", ms / 60_000, ms / 1000 % 60);
    }

    static String number(Integer n) {
        return n == null ? "" : String.format("%,d", n);
    }
}
