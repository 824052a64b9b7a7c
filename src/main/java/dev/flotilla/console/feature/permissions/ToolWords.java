package dev.flotilla.console.feature.permissions;

/** Small phrases about the matrix shared by its view parts. */
final class ToolWords {

    private ToolWords() {}

    /** Whether {@code role} reaches {@code tool} only through its {@code *} grant. */
    static boolean viaAny(PolicyDraft d, String tool, String role) {
        return !tool.equals(PolicyDraft.ANY) && d.grant(tool, role) == null && d.grant(PolicyDraft.ANY, role) != null;
    }

    /** The row's name: {@code *} says what it means. */
    static String toolName(String tool) {
        return tool.equals(PolicyDraft.ANY) ? "* (every tool)" : tool;
    }
}
