package dev.flotilla.runtime.telemetry;

import java.util.Collection;
import java.util.List;

/**
 * A capped log of recent events per type (a list per type in the store), implemented by the store
 * so that telemetry needs no store.
 */
public interface RecentEventLog {

    /** Keeps {@code eventJson} as the newest event of {@code type}, dropping the oldest beyond the cap. */
    void remember(String type, String eventJson);

    /** The kept events of {@code types}, each type's newest first. */
    List<String> of(Collection<String> types);
}
