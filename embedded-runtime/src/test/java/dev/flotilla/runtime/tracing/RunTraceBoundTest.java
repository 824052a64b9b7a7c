package dev.flotilla.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.kernel.Timeline;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The span store is bounded: a run with many spans keeps its own span first and says how many it left out. */
class RunTraceBoundTest {

    @Test
    void aRunKeepsAtMostItsBoundInSpansAndBytesWithItsOwnSpanFirst() throws Exception {
        try (OtelSdk sdk = new OtelSdk(Map.of(), "n1", Counter.builder().name("t").labelNames("outcome").build())) {
            Span run = sdk.tracer().spanBuilder("invoke_agent a").startSpan();
            RunTrace trace = new RunTrace(sdk.tracer(), Timeline.NONE, run, Context.root().with(run));
            for (int i = 0; i < 300; i++) {
                trace.beginStep();
                trace.end(sdk.tracer().spanBuilder("chat m").setParent(trace.current()).setAttribute("i", i).startSpan());
            }
            JsonNode byCount = new ObjectMapper().readTree(trace.finish(100, 1 << 20));
            assertThat(byCount.path("spans")).hasSize(100);
            assertThat(byCount.path("spans").get(0).path("name").asText()).isEqualTo("invoke_agent a");
            assertThat(byCount.path("dropped").asInt()).isEqualTo(601 - 100);

            Span run2 = sdk.tracer().spanBuilder("invoke_agent b").startSpan();
            RunTrace big = new RunTrace(sdk.tracer(), Timeline.NONE, run2, Context.root().with(run2));
            for (int i = 0; i < 300; i++) big.end(sdk.tracer().spanBuilder("x".repeat(200)).setParent(big.current()).startSpan());
            String json = big.finish(2_000, 8 * 1024);
            assertThat(json.length()).isLessThanOrEqualTo(8 * 1024);
            JsonNode bySize = new ObjectMapper().readTree(json);
            assertThat(bySize.path("spans").get(0).path("name").asText()).isEqualTo("invoke_agent b");
            assertThat(bySize.path("dropped").asInt() + bySize.path("spans").size()).isEqualTo(301);
        }
    }
}
