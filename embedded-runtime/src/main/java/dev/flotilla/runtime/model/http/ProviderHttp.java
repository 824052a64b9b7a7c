package dev.flotilla.runtime.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.model.ModelException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One provider's HTTP: a client of its own (no retries of its own: the resilience pipeline
 * retries), and the mapping of every way a call fails onto {@link ModelException}'s kinds, the
 * same the simulated model uses: 429 (with {@code retry-after-ms} or {@code Retry-After}),
 * 408, 5xx and 529 (overloaded), timeouts, resets and malformed bodies are retryable; 400, 401,
 * 403, 404, 422 are not. Every message a provider sends back is cut short and has the key taken out.
 */
public final class ProviderHttp {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final int MAX_MESSAGE = 300;

    private final ProviderSettings settings;
    private final OkHttpClient client;
    private final Clock clock;

    public ProviderHttp(ProviderSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.client = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
    }

    public ProviderSettings settings() { return settings; }

    /** A POST of {@code body} (JSON) to {@code path} under the base URL. */
    public Request.Builder post(String path, JsonNode body) {
        return new Request.Builder().url(settings.baseUrl() + path).post(RequestBody.create(Json.write(body), JSON));
    }

    /**
     * Sends {@code request}; a 2xx answer is returned open (the caller closes it), anything else
     * is thrown as a typed failure. An interrupted thread (a cancelled run, a timed-out call)
     * cancels the call and gets {@link InterruptedException}.
     */
    public Response send(Request request) throws ModelException, InterruptedException {
        Call call = client.newCall(request);
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            call.cancel();
            throw io(e);
        }
        if (response.isSuccessful()) return response;
        try (response) {
            String body;
            try {
                body = response.body().string();
            } catch (IOException e) {
                body = "";
            }
            throw status(response.code(), response.header("retry-after-ms"), response.header("Retry-After"), body);
        }
    }

    /** A failure while sending or reading: a timeout, a reset, or the thread being interrupted. */
    public ModelException io(IOException e) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            Thread.interrupted();
            throw new InterruptedException("model call to " + settings.name() + " interrupted");
        }
        if (e instanceof SocketTimeoutException || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
            return new ModelException(Kind.TIMEOUT, settings.name() + ": no answer in time (" + e.getClass().getSimpleName() + ")");
        }
        return new ModelException(Kind.CONNECTION_RESET, settings.name() + ": connection failed: " + redact(String.valueOf(e.getMessage())));
    }

    /** An answer that is not what the provider's format says. */
    public ModelException malformed(String what) {
        return new ModelException(Kind.MALFORMED, settings.name() + ": malformed answer: " + redact(cut(what)));
    }

    /** A non-2xx answer as a typed failure carrying the provider's own message. */
    ModelException status(int code, String retryAfterMs, String retryAfter, String body) {
        String message = settings.name() + " " + code + ": " + redact(cut(providerMessage(body)));
        Duration wait = retryAfter(retryAfterMs, retryAfter);
        Kind kind = switch (code) {
            case 429 -> Kind.RATE_LIMITED;
            case 408 -> Kind.TIMEOUT;
            case 401, 403 -> Kind.UNAUTHORIZED;
            default -> code >= 500 ? Kind.SERVER_ERROR : Kind.BAD_REQUEST; // 529 overloaded is a 5xx
        };
        return new ModelException(kind, message, kind.retryable() ? wait : null);
    }

    /** A failure a provider reported inside a stream ({@code type} as its error types name it). */
    public ModelException streamed(String type, String message) {
        String t = type == null ? "" : type;
        Kind kind = switch (t) {
            case "rate_limit_error", "rate_limit_exceeded" -> Kind.RATE_LIMITED;
            case "authentication_error", "permission_error" -> Kind.UNAUTHORIZED;
            case "invalid_request_error", "not_found_error", "request_too_large" -> Kind.BAD_REQUEST;
            default -> Kind.SERVER_ERROR; // overloaded_error, api_error, server_error, unknown
        };
        return new ModelException(kind, settings.name() + " " + (t.isEmpty() ? "error" : t) + ": " + redact(cut(String.valueOf(message))));
    }

    /** The wait a 429 or 503 asks for: {@code retry-after-ms} first (milliseconds), else {@code Retry-After} (seconds or a date). */
    Duration retryAfter(String millis, String header) {
        try {
            if (millis != null && !millis.isBlank()) return Duration.ofNanos((long) (Double.parseDouble(millis.trim()) * 1_000_000));
        } catch (NumberFormatException ignored) {
            // fall through to Retry-After
        }
        if (header == null || header.isBlank()) return null;
        try {
            return Duration.ofNanos((long) (Double.parseDouble(header.trim()) * 1_000_000_000L));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    /** {@code error.message} of the body both OpenAI and Anthropic send, else the body itself. */
    private static String providerMessage(String body) {
        if (body == null || body.isBlank()) return "(no body)";
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            JsonNode err = n.path("error");
            if (err.isTextual()) return err.asText();
            if (err.path("message").isTextual()) return err.path("message").asText();
            if (n.path("message").isTextual()) return n.path("message").asText();
        } catch (IOException | RuntimeException ignored) {
            // not JSON: a gateway's HTML page, say
        }
        return body.strip();
    }

    public String redact(String text) {
        return settings.apiKey() == null ? ApiKey.redactAll(text, null) : settings.apiKey().redact(text);
    }

    private static String cut(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
