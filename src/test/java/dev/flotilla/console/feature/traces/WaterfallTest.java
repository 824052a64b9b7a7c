package dev.flotilla.console.feature.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.fleet.TraceInfo.Span;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The waterfall's rows: nesting in start order, bars on the trace's time line, any shape of trace. */
class WaterfallTest {

    static Span span(String id, String parent, long start, long end) {
        return new Span(id, parent, "span " + id, "internal", start, end, "ok", null, Map.of(), List.of());
    }

    @Test
    void childrenFollowTheirParentInStartOrderWithBarsOnTheTracesTimeLine() {
        List<Span> spans = List.of(
                span("c2", "root", 600, 1_000), span("root", "caller", 0, 1_000), span("c1", "root", 100, 500),
                span("g1", "c1", 200, 300), span("orphan", "gone", 900, 950), span("self", "self", 950, 960));
        List<Waterfall.Row> rows = Waterfall.rows(spans);
        assertThat(rows).extracting(r -> r.span().spanId()).containsExactly("root", "c1", "g1", "c2", "orphan", "self");
        assertThat(rows).extracting(Waterfall.Row::depth).containsExactly(0, 1, 2, 1, 0, 0);
        Waterfall.Row g1 = rows.get(2);
        assertThat(g1.offset()).isEqualTo(0.2);
        assertThat(g1.width()).isEqualTo(0.1);
        assertThat(Waterfall.duration(840_000)).isEqualTo("840 µs");
        assertThat(Waterfall.duration(12_340_000)).isEqualTo("12.3 ms");
        assertThat(Waterfall.duration(4_560_000_000L)).isEqualTo("4.56 s");
    }
}
