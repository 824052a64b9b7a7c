package dev.flotilla.node;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * How the node logs: {@code text} (lines for a person at a terminal, as logback.xml has them) or
 * {@code json} (one JSON object a line, logback's own JsonEncoder: level, logger, thread, message,
 * the MDC with {@code run_id}, {@code trace_id} and {@code span_id} within a run, and the node's
 * {@code node_id} in the context's properties). {@code auto}: JSON when stderr is not a terminal
 * (a container, a service, a pipe).
 */
final class LogFormat {

    private LogFormat() {}

    /** Applies {@code format} (text, json or auto) to the root logger's console appender. */
    static void apply(String format, String nodeId) {
        String f = format == null ? "auto" : format.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("text") && !f.equals("json") && !f.equals("auto")) {
            throw new IllegalArgumentException("--log-format (FLOTILLA_LOG_FORMAT) is text, json or auto: '" + format + "'");
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return;
        ctx.putProperty("node_id", nodeId);
        boolean json = f.equals("json") || (f.equals("auto") && System.console() == null);
        if (!json) return;
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(ctx);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithArguments(false); // the formatted message says it; raw arguments may be run content
        encoder.setWithMessage(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("STDERR_JSON");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        root.detachAppender("STDERR");
        root.addAppender(appender);
    }
}
