package dev.flotilla.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Export over OTLP (http/protobuf) as the standard settings ask: an OTLP receiver started by the
 * test gets a run's spans with their GenAI attributes in the caller's trace; a dead collector costs
 * the run nothing and its spans are counted as dropped in {@code /metrics}.
 */
class OtlpExportTest {

    /** The spans an OTLP/HTTP receiver got, with the service name of their resource. */
    record Received(String service, Span span) {}

    private static String attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(a -> a.getKey().equals(key)).findFirst()
                .map(a -> a.getValue().hasIntValue() ? Long.toString(a.getValue().getIntValue()) : a.getValue().getStringValue())
                .orElse(null);
    }

    @Test
    void aReceiverStartedByTheTestGetsTheRunsSpansWithGenAiAttributesInTheCallersTrace() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            try (exchange) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
                for (ResourceSpans rs : request.getResourceSpansList()) {
                    String service = attribute(rs.getResource().getAttributesList(), "service.name");
                    for (ScopeSpans ss : rs.getScopeSpansList()) for (Span s : ss.getSpansList()) received.add(new Received(service, s));
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, 0);
            }
        });
        receiver.start();
        try (FleetRuntime node = TestNodes.node().nodeId("otlp-export")
                .otel(Map.of("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + receiver.getAddress().getPort(),
                        "otel.service.name", "flotilla-under-test", "otel.bsp.schedule.delay", "100"))
                .build().start()) {
            Http http = TestNodes.http(node);
            HttpResponse<String> accepted = TraceStoreTest.submitTraced(node, "what does the clock say");
            assertThat(accepted.statusCode()).isEqualTo(202);
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(accepted.body()).path("run_id").asText();
            assertThat(http.awaitTerminal(id, Duration.ofSeconds(20)).path("status").asText()).isEqualTo("succeeded");

            await("the run's span at the receiver", () -> received.stream().anyMatch(r -> r.span().getName().equals("invoke_agent assistant")
                    && id.equals(attribute(r.span().getAttributesList(), "flotilla.run_id"))));
            String caller = TraceStoreTest.CALLER_TRACE;
            List<Span> ofTheRun = received.stream().map(Received::span)
                    .filter(s -> HexFormat.of().formatHex(s.getTraceId().toByteArray()).equals(caller)).toList();
            assertThat(ofTheRun).extracting(Span::getName).contains("POST /v1/runs", "invoke_agent assistant", "queue_wait",
                    "step 1", "chat primary", "execute_tool clock");
            assertThat(received).allSatisfy(r -> assertThat(r.service()).isEqualTo("flotilla-under-test"));
            Span submit = ofTheRun.stream().filter(s -> s.getName().equals("POST /v1/runs")).findFirst().orElseThrow();
            assertThat(HexFormat.of().formatHex(submit.getParentSpanId().toByteArray())).isEqualTo(TraceStoreTest.CALLER_SPAN);
            assertThat(submit.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            Span chat = ofTheRun.stream().filter(s -> s.getName().equals("chat primary")).findFirst().orElseThrow();
            assertThat(chat.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(attribute(chat.getAttributesList(), "gen_ai.operation.name")).isEqualTo("chat");
            assertThat(attribute(chat.getAttributesList(), "gen_ai.provider.name")).isEqualTo("simulated");
            assertThat(attribute(chat.getAttributesList(), "gen_ai.request.model")).isEqualTo("primary");
            assertThat(attribute(chat.getAttributesList(), "gen_ai.response.model")).isEqualTo("primary");
            assertThat(Long.parseLong(attribute(chat.getAttributesList(), "gen_ai.usage.input_tokens"))).isPositive();
            assertThat(Long.parseLong(attribute(chat.getAttributesList(), "gen_ai.usage.output_tokens"))).isPositive();
            assertThat(chat.getAttributesList()).anySatisfy(a -> {
                assertThat(a.getKey()).isEqualTo("gen_ai.response.finish_reasons");
                assertThat(a.getValue().getArrayValue().getValues(0).getStringValue()).isIn("stop", "tool_calls");
            });
            await("exported spans counted", () -> metric(http, "flotilla_trace_spans_total{outcome=\"exported\"}") >= ofTheRun.size());
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aDeadCollectorCostsTheRunNothingAndItsSpansAreCountedAsDropped() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort(); // nobody listens there once it is closed
        }
        try (FleetRuntime node = TestNodes.node().nodeId("otlp-dead")
                .otel(Map.of("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + dead, "otel.bsp.schedule.delay", "50",
                        "otel.exporter.otlp.timeout", "500"))
                .build().start()) {
            Http http = TestNodes.http(node);
            long began = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                String id = http.submit("assistant", "hello " + i, null);
                JsonNode run = http.awaitTerminal(id, Duration.ofSeconds(20));
                assertThat(run.path("status").asText()).isEqualTo("succeeded");
                assertThat(http.get("/v1/runs/" + id + "/trace").json().path("spans").size()).isGreaterThanOrEqualTo(4);
            }
            // five runs of a 20 ms model: seconds would mean the export held them up
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
            await("dropped spans counted", () -> metric(http, "flotilla_trace_spans_total{outcome=\"dropped\"}") >= 1);
        }
    }

    private static double metric(Http http, String series) {
        return http.get("/metrics").body().lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(100); // waiting on a real exporter's thread, not timing logic
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
