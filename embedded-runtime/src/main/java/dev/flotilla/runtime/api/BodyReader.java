package dev.flotilla.runtime.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;

/** Reads request bodies up to a size that fits the longest input the node accepts, however it is encoded. */
public final class BodyReader {

    private final long maxBytes;

    private BodyReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * For runs of up to {@code maxInputChars} characters: a character may arrive as an escaped
     * surrogate pair, 12 bytes, so the promised input length fits however the client encodes it.
     */
    public static BodyReader forInput(int maxInputChars) {
        return new BodyReader(Math.max(64 * 1024, maxInputChars * 12L + 16 * 1024));
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The body; 413 when it declares more than the limit (a body cut short is mapped by {@link ErrorMapping}). */
    public byte[] read(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > maxBytes) {
            // answering before the body is read makes the connection close under a client still
            // sending, which then sees a reset instead of the 413: read and drop moderate excess
            if (declared <= 8 * maxBytes) {
                try (var in = ctx.req().getInputStream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // the client went away; nobody reads the answer
                }
            }
            throw new ApiException(413, "payload_too_large", "the body has " + declared + " bytes; the limit is " + maxBytes);
        }
        return ctx.bodyAsBytes();
    }
}
