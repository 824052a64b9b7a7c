package dev.flotilla.runtime.api;

import dev.flotilla.runtime.api.dto.ErrorBody;
import dev.flotilla.runtime.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error page, as JSON: what Jetty refuses before Javalin sees a request (a malformed path
 * such as {@code %00} or {@code %ff}, a URI over 8 KB, headers over 8 KB) gets the same
 * {@code {"error": {"code", "message"}}} body as every other error, never an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    JsonErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
    }

    /** Every method gets a body (Jetty's default writes pages for GET and POST only). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        byte[] body = Json.write(ErrorBody.of(ErrorMapping.codeFor(code), explain(code, message))).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Replies.JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String explain(int code, String reason) {
        return switch (code) {
            case 414 -> "the request's URI is longer than the server takes (8 KB); send long values in the body";
            case 431 -> "the request's headers are larger than the server takes (8 KB in all)";
            case 400 -> "the request is malformed" + (reason == null || reason.isBlank() ? "" : " (" + reason + ")")
                    + "; check its path (no %00, valid UTF-8 escapes) and headers";
            default -> reason == null || reason.isBlank() ? "the request was refused (HTTP " + code + ")" : reason;
        };
    }
}
