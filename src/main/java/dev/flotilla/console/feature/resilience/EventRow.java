package dev.flotilla.console.feature.resilience;

import dev.flotilla.console.fleet.FleetEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** One line of the recent-events list: when, where, what kind, what happened, and its tone. */
public record EventRow(FleetEvent event, String time, String node, String kind, String text, String tone) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    static EventRow of(FleetEvent e, Clock clock) {
        return new EventRow(e, time(e.time(), clock), e.node() == null ? "" : e.node(), EventText.kind(e),
                EventText.describe(e), EventText.tone(e));
    }

    public Instant at() {
        return event.time();
    }

    /** A time of day, with the date in front when it is not today. */
    static String time(Instant t, Clock clock) {
        if (t == null) return "";
        var at = t.atZone(clock.getZone());
        String time = at.format(TIME);
        return at.toLocalDate().equals(LocalDate.now(clock)) ? time : at.toLocalDate() + " " + time;
    }
}
