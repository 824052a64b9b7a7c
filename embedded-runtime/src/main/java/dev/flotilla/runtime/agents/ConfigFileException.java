package dev.flotilla.runtime.agents;

/**
 * A mistake in the configuration file, said in one line: the file, the line and column, the
 * place in the file's structure, what is wrong and how to fix it. The node does not start.
 */
public final class ConfigFileException extends IllegalArgumentException {

    public ConfigFileException(String message) {
        super(message, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an operator's mistake, not a bug
    }
}
