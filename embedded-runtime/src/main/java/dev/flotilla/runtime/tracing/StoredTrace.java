package dev.flotilla.runtime.tracing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's spans as its span store keeps them and {@code GET /v1/runs/{id}/trace} answers them
 * (times in ns since the epoch, as OTLP has them): at most so many spans, the run's own first;
 * {@code dropped} counts those left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record StoredTrace(String traceId, List<Span> spans, int dropped) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Span(String spanId, String parentSpanId, String name, String kind, long startUnixNano, long endUnixNano,
                String status, String statusMessage, Map<String, Object> attributes, List<Event> events) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Event(String name, long timeUnixNano, Map<String, Object> attributes) {}

    /** {@code finished} spans of one run, {@code first} (the run's own) first, then the earliest first, at most {@code max} of them. */
    static StoredTrace of(String traceId, List<SpanData> finished, int max, String first) {
        List<SpanData> sorted = new ArrayList<>(finished);
        sorted.sort(Comparator.comparing((SpanData d) -> !d.getSpanId().equals(first))
                .thenComparingLong(SpanData::getStartEpochNanos));
        List<Span> spans = new ArrayList<>(Math.min(max, sorted.size()));
        for (SpanData d : sorted) {
            if (spans.size() == max) break;
            spans.add(span(d));
        }
        return new StoredTrace(traceId, spans, sorted.size() - spans.size());
    }

    /** The same trace without its last {@code n} spans (to fit a byte budget). */
    StoredTrace withoutLast(int n) {
        int keep = Math.max(1, spans.size() - n);
        return new StoredTrace(traceId, List.copyOf(spans.subList(0, keep)), dropped + spans.size() - keep);
    }

    private static Span span(SpanData d) {
        String parent = SpanId.isValid(d.getParentSpanId()) ? d.getParentSpanId() : null;
        String status = switch (d.getStatus().getStatusCode()) {
            case OK -> "ok";
            case ERROR -> "error";
            case UNSET -> "unset";
        };
        String message = d.getStatus().getDescription();
        List<Event> events = d.getEvents().isEmpty() ? null : d.getEvents().stream().map(StoredTrace::event).toList();
        return new Span(d.getSpanId(), parent, d.getName(), d.getKind().name().toLowerCase(java.util.Locale.ROOT),
                d.getStartEpochNanos(), d.getEndEpochNanos(), status, message == null || message.isEmpty() ? null : message,
                attributes(d.getAttributes()), events);
    }

    private static Event event(EventData e) {
        return new Event(e.getName(), e.getEpochNanos(), e.getAttributes().isEmpty() ? null : attributes(e.getAttributes()));
    }

    private static Map<String, Object> attributes(Attributes a) {
        Map<String, Object> out = new LinkedHashMap<>();
        a.forEach((AttributeKey<?> k, Object v) -> out.put(k.getKey(), v));
        return out;
    }
}
