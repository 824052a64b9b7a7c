package dev.flotilla.runtime.run;

public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public String wire() { return name().toLowerCase(); }

    public boolean terminal() { return this == SUCCEEDED || this == FAILED || this == CANCELLED; }

    public static RunStatus fromWire(String s) {
        for (RunStatus st : values()) if (st.wire().equals(s)) return st;
        throw new IllegalArgumentException("unknown run status: " + s);
    }
}
