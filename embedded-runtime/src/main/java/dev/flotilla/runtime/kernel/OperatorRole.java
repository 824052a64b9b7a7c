package dev.flotilla.runtime.kernel;

/**
 * What a key may do with the fleet through the API and the console, lowest first: a viewer reads,
 * an operator also runs and steers (submit, cancel, scale, drain), an admin also configures. Not
 * to be mixed up with a tool role, which says which tools a run may call ({@link Principal#toolRole()}).
 */
public enum OperatorRole {
    VIEWER, OPERATOR, ADMIN;

    /** True when this role is {@code needed} or above it. */
    public boolean allows(OperatorRole needed) {
        return compareTo(needed) >= 0;
    }
}
