package dev.flotilla.console.fleet.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flotilla.console.fleet.AuditRecord;
import dev.flotilla.console.fleet.FleetApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** The fleet's audit log ({@code /v1/audit}): a page of entries, the chain's verdict, and the export. */
public final class AuditApi {

    private static final String WHAT = "an audit log";

    private final GatewayHttp http;

    public AuditApi(GatewayHttp http) {
        this.http = http;
    }

    /** Entries newest first; {@code nextBefore} continues the list (null at its start). */
    public record Page(List<AuditRecord> entries, @JsonProperty("next_before") Long nextBefore, @JsonProperty("last_seq") long lastSeq) {
        public Page {
            entries = entries == null ? List.of() : List.copyOf(entries);
        }
    }

    public record Verdict(boolean ok, @JsonProperty("verified_through") long verifiedThrough,
                          @JsonProperty("first_broken") Long firstBroken, String problem) {}

    /** Filters of a page; null or blank for none. {@code action} may end in {@code *} (a prefix). */
    public record Query(String actor, String action, Instant from, Instant to, Long before, int limit) {}

    public CompletableFuture<Page> page(Query q) {
        HttpUrl.Builder u = http.urlBuilder("v1/audit").addQueryParameter("limit", Integer.toString(q.limit()));
        if (q.actor() != null && !q.actor().isBlank()) u.addQueryParameter("actor", q.actor().strip());
        if (q.action() != null && !q.action().isBlank()) u.addQueryParameter("action", q.action().strip());
        if (q.from() != null) u.addQueryParameter("from", q.from().toString());
        if (q.to() != null) u.addQueryParameter("to", q.to().toString());
        if (q.before() != null) u.addQueryParameter("before", Long.toString(q.before()));
        return http.newer(http.send(http.get(u.build()), Page.class), WHAT);
    }

    public CompletableFuture<Verdict> verify() {
        return http.newer(http.send(http.get(http.url("v1", "audit", "verify")), Verdict.class), WHAT);
    }

    /** How far an export is: entries written, of {@code total} (the chain's length when it began). */
    public interface Progress {
        void written(long entries, long total);
    }

    /**
     * Streams the export (JSON Lines) into {@code file} (replaced), telling {@code progress} how many
     * entries are written as they are; completes with the count. Runs off the caller's thread.
     */
    public CompletableFuture<Long> export(Path file, Progress progress) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        Call call = http.streaming(java.time.Duration.ofSeconds(60)).newCall(http.get(http.url("v1", "audit", "export")));
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) call.cancel();
        });
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                result.completeExceptionally(new FleetApiException(0, FleetApiException.UNREACHABLE,
                        "the export from " + http.baseUrl() + " stopped: " + e.getMessage()));
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response; ResponseBody body = response.body()) {
                    if (!response.isSuccessful()) {
                        result.completeExceptionally(new FleetApiException(response.code(), "http_" + response.code(),
                                "the node at " + http.baseUrl() + " refused the export (HTTP " + response.code() + ")"));
                        return;
                    }
                    long total = parseLong(response.header("X-Audit-Last-Seq"));
                    long lines = 0;
                    byte[] buf = new byte[64 * 1024];
                    try (InputStream in = body.byteStream(); OutputStream out = Files.newOutputStream(file)) {
                        for (int n; (n = in.read(buf)) > 0; ) {
                            out.write(buf, 0, n);
                            for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
                            progress.written(lines, Math.max(total, lines));
                        }
                    }
                    result.complete(lines);
                } catch (IOException e) {
                    result.completeExceptionally(new FleetApiException(0, FleetApiException.UNREACHABLE,
                            "the export could not be written: " + e.getMessage()));
                }
            }
        });
        return result;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
