package dev.flotilla.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.support.TestNodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * What a probe of a running node sends, over a raw socket: every answer, also those Jetty gives
 * before Javalin sees the request, is the JSON error body docs/API.md promises.
 */
class GatewayHardeningTest {

    static final String AUTH = "Authorization: Bearer " + TestNodes.KEY + "\r\n";
    static FleetRuntime node;

    @BeforeAll
    static void start() {
        node = TestNodes.node().nodeId("probed").build().start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @ParameterizedTest(name = "GET {0} is {1} {2}")
    @CsvSource({
            "/v1/runs/%00, 400, bad_request",
            "/%00, 400, bad_request",
            "/v1/runs/%ff, 400, bad_request",
            "/v1/runs/%c3%28, 400, bad_request",
            "/v1/runs/%uD800, 400, bad_request",
            "/v1/runs/%zz, 400, bad_request",
            "/v1/runs/..;/x, 400, bad_request",
            "/v1/no-such-route, 404, not_found",
            "/no-such-page, 404, not_found"})
    void aBadOrUnknownPathIsAJsonError(String path, int status, String code) throws IOException {
        Reply r = send("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n\r\n", false);
        r.assertJsonError(status, code);
    }

    @Test
    void aUriOver8KbIs414Json() throws IOException {
        Reply r = send("GET /v1/runs?x=" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n\r\n", false);
        r.assertJsonError(414, "uri_too_long");
    }

    @Test
    void headersOver8KbAre431Json() throws IOException {
        Reply r = send("GET /v1/runs HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-Filler: " + "b".repeat(10_000)
                + "\r\nConnection: close\r\n\r\n", false);
        r.assertJsonError(431, "headers_too_large");
    }

    @Test
    void aWrongMethodIs405Json() throws IOException {
        Reply r = send("DELETE /v1/runs HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n\r\n", false);
        r.assertJsonError(405, "method_not_allowed");
        assertThat(r.headers()).contains("allow: get, post");
        assertThat(r.body()).contains("DELETE is not allowed on /v1/runs");
        Reply put = send("PUT /v1/fleet HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: 0\r\nConnection: close\r\n\r\n", false);
        put.assertJsonError(405, "method_not_allowed");
    }

    @Test
    void aBodyCutShortIs400AndAtMostOneLogLine() throws IOException {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        logged.start();
        root.addAppender(logged);
        try {
            Reply r = send("POST /v1/runs HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{", true);
            r.assertJsonError(400, "incomplete_body");
        } finally {
            root.detachAppender(logged);
        }
        List<ILoggingEvent> fromTheRequest = logged.list.stream()
                .filter(e -> e.getLoggerName().startsWith("dev.flotilla.runtime.api") || e.getLoggerName().startsWith("io.javalin")
                        || e.getLoggerName().startsWith("org.eclipse.jetty"))
                .toList();
        assertThat(fromTheRequest).as("log lines").hasSizeLessThanOrEqualTo(1);
        assertThat(fromTheRequest).allMatch(e -> e.getThrowableProxy() == null, "no stack trace");
    }

    /** One raw HTTP/1.1 exchange: the answer's status, headers (lower-case names) and body. */
    record Reply(int status, String headers, String body) {
        void assertJsonError(int expected, String code) throws IOException {
            assertThat(status).as(headers + body).isEqualTo(expected);
            assertThat(headers).contains("content-type: application/json");
            JsonNode json = new ObjectMapper().readTree(body);
            assertThat(json.at("/error/code").asText()).as(body).isEqualTo(code);
            assertThat(json.at("/error/message").asText()).isNotBlank();
        }
    }

    /** Sends {@code request} as is; {@code halfClose} then ends the client's side, as a client that gave up would. */
    static Reply send(String request, boolean halfClose) throws IOException {
        try (Socket s = new Socket("127.0.0.1", node.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            if (halfClose) s.shutdownOutput();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            assertThat(split).as("a whole HTTP answer: " + text).isPositive();
            String head = text.substring(0, split);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Reply(status, head.toLowerCase(Locale.ROOT), text.substring(split + 4));
        }
    }
}
