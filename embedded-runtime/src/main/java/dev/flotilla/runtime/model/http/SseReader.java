package dev.flotilla.runtime.model.http;

import java.io.IOException;
import okio.BufferedSource;

/**
 * Server-sent events read one at a time from a streamed response body, as the blocking provider
 * calls want them (the run's virtual thread waits on the socket): {@code event:} names it,
 * {@code data:} lines join with newlines, a blank line ends it, comments ({@code :}) are skipped.
 */
public final class SseReader {

    /** One event: its name ({@code message} when unnamed) and its data. */
    public record Event(String name, String data) {}

    private final BufferedSource source;

    public SseReader(BufferedSource source) {
        this.source = source;
    }

    /** The next event, or null at the end of the stream. */
    public Event next() throws IOException {
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = source.readUtf8Line()) != null) {
            if (line.isEmpty()) {
                if (data != null) return new Event(name == null ? "message" : name, data.toString());
                name = null;
                continue;
            }
            if (line.startsWith(":")) continue;
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            switch (field) {
                case "event" -> name = value;
                case "data" -> {
                    if (data == null) data = new StringBuilder(value);
                    else data.append('\n').append(value);
                }
                default -> { } // id, retry: not needed for a one-shot answer
            }
        }
        return data == null ? null : new Event(name == null ? "message" : name, data.toString());
    }
}
