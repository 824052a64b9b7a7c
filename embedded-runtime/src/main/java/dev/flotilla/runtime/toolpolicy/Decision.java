package dev.flotilla.runtime.toolpolicy;

/**
 * What the tool policy says of one call: allowed, refused (with the reason the model and the
 * run's timeline are told), or allowed once an operator approves it.
 */
public record Decision(Verdict verdict, String reason) {

    public enum Verdict {
        ALLOWED, REFUSED, NEEDS_APPROVAL;

        public String wire() { return name().toLowerCase(); }
    }

    static Decision allowed() { return new Decision(Verdict.ALLOWED, null); }

    static Decision refused(String reason) { return new Decision(Verdict.REFUSED, reason); }

    static Decision needsApproval(String reason) { return new Decision(Verdict.NEEDS_APPROVAL, reason); }

    public boolean isAllowed() { return verdict == Verdict.ALLOWED; }
}
