package dev.flotilla.runtime.kernel;

/**
 * What an API key may do with the fleet through the API and the console; each role may do all
 * that the roles below it may. {@code VIEWER} reads everything; {@code OPERATOR} also submits and
 * cancels runs, steers nodes and pools, and handles dead letters; {@code ADMIN} also manages keys
 * and policy. (Tool roles, which say what a run may call, are another thing: see {@link Principal}.)
 */
public enum OperatorRole {
    VIEWER, OPERATOR, ADMIN;

    /** True when a key with this role may do what {@code needed} may. */
    public boolean allows(OperatorRole needed) {
        return compareTo(needed) >= 0;
    }
}
