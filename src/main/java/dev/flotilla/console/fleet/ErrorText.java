package dev.flotilla.console.fleet;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure into the words an operator reads. Failures the console
 * raises itself ({@link FleetApiException}, {@link FleetStoreException}, {@link LocalFleetException})
 * carry messages written for people; anything else is a bug or a library's message, so the details
 * go to the log and the operator is told where to find them, never shown a class name or a trace.
 */
public final class ErrorText {

    private static final Logger log = LoggerFactory.getLogger(ErrorText.class);
    static final String UNEXPECTED = "something unexpected went wrong; the console's log has the details";

    private ErrorText() {}

    public static String of(Throwable t) {
        Throwable c = unwrap(t);
        if ((c instanceof FleetApiException || c instanceof FleetStoreException || c instanceof LocalFleetException)
                && c.getMessage() != null && !c.getMessage().isBlank()) {
            return c.getMessage();
        }
        log.warn("unexpected failure", c);
        return UNEXPECTED;
    }

    /**
     * Why a run fell back, as the runtime says it ({@code breaker_open}, {@code model_server_error
     * after 3 attempts}, or each model's reason joined by "; "): the open breaker in words, error
     * codes kept as they are so an operator can look them up.
     */
    public static String fallbackReason(String reason) {
        return reason == null ? "" : reason.replace("breaker_open", "breaker open");
    }

    /** True when the failure says the node is too old to offer what was asked ({@link FleetApiException#unsupported()}). */
    public static boolean unsupported(Throwable t) {
        return unwrap(t) instanceof FleetApiException e && e.unsupported();
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
