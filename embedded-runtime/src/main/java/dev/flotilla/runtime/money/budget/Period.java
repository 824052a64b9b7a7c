package dev.flotilla.runtime.money.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** How long a budget's limit lasts before it starts again: a UTC day, an ISO week, a month, or for ever. */
public enum Period {
    DAY, WEEK, MONTH, TOTAL;

    public static Period parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("period must be day, week, month or total: '" + text + "'");
        }
    }

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    /** When the period holding {@code at} began (UTC); {@code since} for {@link #TOTAL}. */
    public Instant start(Instant at, Instant since) {
        LocalDate d = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return switch (this) {
            case DAY -> d.atStartOfDay(ZoneOffset.UTC).toInstant();
            case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC).toInstant();
            case MONTH -> d.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case TOTAL -> since;
        };
    }

    /** When the period holding {@code at} ends; null for {@link #TOTAL}. */
    public Instant end(Instant at) {
        LocalDate d = LocalDate.ofInstant(start(at, at), ZoneOffset.UTC);
        return switch (this) {
            case DAY -> d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case WEEK -> d.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case MONTH -> d.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case TOTAL -> null;
        };
    }

    /** The period's name in Redis keys, e.g. {@code d2026-12-03}, {@code w2026-11-30}, {@code m2026-12}, {@code total}. */
    public String key(Instant at) {
        if (this == TOTAL) return "total";
        String day = LocalDate.ofInstant(start(at, at), ZoneOffset.UTC).toString();
        return switch (this) {
            case DAY -> "d" + day;
            case WEEK -> "w" + day;
            case MONTH -> "m" + day.substring(0, 7);
            case TOTAL -> "total";
        };
    }

    /** How long a period's figures are kept in Redis (ms; 0: for ever): its end plus 35 days for the history. */
    public long keepMillis(Instant at) {
        Instant end = end(at);
        return end == null ? 0 : Math.max(1, end.toEpochMilli() - at.toEpochMilli()) + 35L * 86_400_000;
    }
}
