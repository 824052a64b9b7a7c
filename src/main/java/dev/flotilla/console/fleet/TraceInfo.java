package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** A run's trace as {@code GET /v1/runs/{id}/trace} answers it: its spans from the node's span store. */
public final class TraceInfo {

    private TraceInfo() {}

    /**
     * A run's trace: {@code complete} false while the run has not ended (the spans so far, when it
     * runs on the node asked); {@code dropped} spans beyond the store's bound were left out.
     */
    public record Trace(@JsonProperty("run_id") String runId, String status, @JsonProperty("trace_id") String traceId,
                        boolean complete, List<Span> spans, int dropped) {
        public Trace {
            spans = spans == null ? List.of() : List.copyOf(spans);
        }
    }

    /** One span; times in ns since the epoch; {@code parentSpanId} null for a root (or a parent outside the store). */
    public record Span(@JsonProperty("span_id") String spanId, @JsonProperty("parent_span_id") String parentSpanId,
                       String name, String kind, @JsonProperty("start_unix_nano") long startNanos,
                       @JsonProperty("end_unix_nano") long endNanos, String status,
                       @JsonProperty("status_message") String statusMessage, Map<String, Object> attributes, List<Event> events) {
        public Span {
            attributes = attributes == null ? Map.of() : attributes;
            events = events == null ? List.of() : List.copyOf(events);
        }

        public long durationNanos() {
            return Math.max(0, endNanos - startNanos);
        }

        public boolean failed() {
            return "error".equals(status);
        }
    }

    /** Something that happened within a span (a retry, a fallback, a breaker refusal). */
    public record Event(String name, @JsonProperty("time_unix_nano") long timeNanos, Map<String, Object> attributes) {
        public Event {
            attributes = attributes == null ? Map.of() : attributes;
        }
    }
}
