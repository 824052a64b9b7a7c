package dev.flotilla.console.fleet;

/** Why a page of a fleet has nothing to show, in the same words on every page. */
public final class EmptyText {

    public static final String NO_FLEET = "No fleet selected: pick one in the sidebar";
    public static final String CONNECTING = "Connecting to this fleet…";
    public static final String UNREACHABLE = "Can't reach this fleet: ";

    private EmptyText() {}

    /** {@code notReported}: the page's own words for a connected fleet that has sent nothing yet. */
    public static String of(ConnectionState state, String notReported) {
        return switch (state) {
            case null -> NO_FLEET;
            case ConnectionState.Connecting c -> CONNECTING;
            case ConnectionState.Connected c -> notReported;
            case ConnectionState.Reconnecting r -> UNREACHABLE + r.reason();
            case ConnectionState.Failed f -> UNREACHABLE + f.reason();
        };
    }
}
