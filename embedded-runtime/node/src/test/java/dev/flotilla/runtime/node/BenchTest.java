package dev.flotilla.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark harness runs end to end at toy sizes; figures are not judged here, only that they are reported. */
class BenchTest {

    private static final String RESULT = "RESULT runs_per_s=(\\d+|n/a) p99_overhead_ms_at_300=(\\d+\\.\\d|n/a) redis_bound_runs_per_s=(\\d+|n/a)";

    @Test
    void aTinyBenchOfEveryPhaseEndsWithOneWellFormedResultLine() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Bench());
        cli.setOut(new PrintWriter(out, true));
        int code = cli.execute(
                "--warmup-seconds", "0.2", "--throughput-seconds", "0.5", "--concurrency", "4", "--pool-size", "4",
                "--rate", "50", "--overhead-warmup-seconds", "0.1", "--overhead-seconds", "0.5", "--overhead-pool-size", "4",
                "--burst-runs", "50", "--burst-agents", "20", "--burst-model-ms", "10", "--burst-clients", "4",
                "--redis-runs", "50", "--redis-requests", "1000", "--redis-clients", "4", "--redis-idle-ms", "200");
        String text = out.toString();
        String[] lines = text.strip().split("\n");
        assertThat(lines[lines.length - 1]).as(text).matches(RESULT);
        assertThat(text.lines().filter(l -> l.startsWith("RESULT"))).hasSize(1);
        assertThat(text).contains("== throughput ==", "== overhead ==", "== burst ==", "== redis ==")
                .contains("50 of 50 ended").doesNotContain("FAILED");
        assertThat(code).as(text).isZero();
    }

    @Test
    void aPhaseNotRunIsReportedAsNotAvailable() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Bench());
        cli.setOut(new PrintWriter(out, true));
        int code = cli.execute("--phase", "overhead", "--rate", "50", "--overhead-warmup-seconds", "0.1", "--overhead-seconds", "0.3");
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines[lines.length - 1]).as(out.toString()).matches("RESULT runs_per_s=n/a p99_overhead_ms_at_300=\\d+\\.\\d redis_bound_runs_per_s=n/a");
        assertThat(code).isZero();
    }

    @Test
    void readsRedisBenchmarkCsvAndMonitorLines() {
        assertThat(RedisBound.parseCsv("""
                "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
                "EVAL local s = redis.call('HGET', KEYS[1], 'status') 1 bench:run","54945.05","0.643","0.264","0.551","1.487","2.871","3.263"
                """)).isEqualTo(54945.05);
        assertThat(RedisBound.parseCsv("\"SET\",\"81967.21\"\n")).isEqualTo(81967.21);
        assertThat(RedisBound.parseCsv("Invalid option")).isNaN();
        assertThat(RedisBound.commandName("1700000000.123456 [0 127.0.0.1:53012] \"XREADGROUP\" \"GROUP\" \"workers\"")).isEqualTo("xreadgroup");
        assertThat(RedisBound.commandName("1700000000.123456 [0 lua] \"hset\" \"k\" \"f\" \"v\"")).isEqualTo("hset");
        assertThat(RedisBound.commandName("OK")).isNull();
    }
}
