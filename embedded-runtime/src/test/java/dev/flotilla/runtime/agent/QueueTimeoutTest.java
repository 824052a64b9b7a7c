package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.support.GatedModel;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.MutableClock;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueueTimeoutTest {

    @Test
    void aRunWaitsInLineForABusyAgentAndFailsOnlyAfterTheQueueTimeout() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        GatedModel gated = new GatedModel();
        try (FleetRuntime node = TestNodes.node().nodeId("line").poolSize(1).model(gated).clock(clock)
                .queueTimeout(Duration.ofMinutes(2)).build().start()) {
            Http http = TestNodes.http(node);
            String busy = http.submit("assistant", "occupy the only agent", null);
            http.awaitRun(busy, Duration.ofSeconds(10), r -> r.path("status").asText().equals("running"));
            String waiting = http.submit("assistant", "wait in line", null);
            String late = http.submit("assistant", "wait too long", null);
            assertThat(http.get("/v1/runs/" + waiting).json().path("status").asText()).isEqualTo("queued");
            assertThat(http.get("/v1/fleet").json().at("/queue/depth").asInt()).isEqualTo(2);

            gated.open();
            JsonNode second = http.awaitTerminal(waiting, Duration.ofSeconds(10));
            assertThat(second.path("status").asText()).isEqualTo("succeeded");
            assertThat(http.awaitTerminal(late, Duration.ofSeconds(10)).path("status").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void aRunThatWaitedLongerThanTheQueueTimeoutFailsWithAClearReason() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        GatedModel gated = new GatedModel();
        try (FleetRuntime node = TestNodes.node().nodeId("timeout").poolSize(1).model(gated).clock(clock)
                .queueTimeout(Duration.ofMinutes(2)).build().start()) {
            Http http = TestNodes.http(node);
            String busy = http.submit("assistant", "occupy the only agent", null);
            http.awaitRun(busy, Duration.ofSeconds(10), r -> r.path("status").asText().equals("running"));
            String waiting = http.submit("assistant", "wait in line", null);
            clock.advance(Duration.ofMinutes(3));
            gated.open();
            JsonNode run = http.awaitTerminal(waiting, Duration.ofSeconds(10));
            assertThat(run.path("status").asText()).isEqualTo("failed");
            assertThat(run.at("/error/code").asText()).isEqualTo("queue_timeout");
            assertThat(run.at("/error/message").asText()).contains("free agent");
        }
    }
}
