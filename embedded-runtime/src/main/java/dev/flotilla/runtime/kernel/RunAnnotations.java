package dev.flotilla.runtime.kernel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Facts an admission interceptor learnt about a submission that the run should keep (an input
 * guard's verdict, say): names to short texts, stored with the run in the very write that creates it
 * (no round trip of their own) and shown in {@code GET /v1/runs/{id}} as {@code annotations}. Only
 * a submission that is accepted keeps them. One submission is admitted on one thread, so this is not
 * synchronised.
 */
public final class RunAnnotations {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{1,64}");
    /** The most characters one value may have: annotations are facts, not documents. */
    public static final int MAX_VALUE_CHARS = 2_000;

    private final Map<String, String> values = new LinkedHashMap<>();

    /** Sets {@code name} (lower case, e.g. {@code guard.verdict}) to {@code value}, cut to {@link #MAX_VALUE_CHARS}. */
    public void put(String name, String value) {
        if (name == null || !NAME.matcher(name).matches()) throw new IllegalArgumentException("annotation name not [a-z0-9_.-]{1,64}: " + name);
        if (value == null) throw new IllegalArgumentException("annotation " + name + " has no value");
        values.put(name, value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS));
    }

    /** What was put, in order; unmodifiable. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
