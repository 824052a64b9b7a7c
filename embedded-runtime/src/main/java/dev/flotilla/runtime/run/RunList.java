package dev.flotilla.runtime.run;

import java.util.List;

/**
 * Runs as a list shows them: long inputs and outputs cut to a preview (the run itself has them
 * whole), and {@code cutShort} when the list stopped at its byte budget before its limit.
 */
public record RunList(List<Listed> runs, boolean cutShort) {

    /** One run of a list; {@code inputTruncated}/{@code outputTruncated}: its text here is a preview. */
    public record Listed(Run run, boolean inputTruncated, boolean outputTruncated) {}
}
