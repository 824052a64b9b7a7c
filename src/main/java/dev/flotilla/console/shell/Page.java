package dev.flotilla.console.shell;

/** The pages of the console, in the order of their shortcuts (Ctrl+1, Ctrl+2, …). */
public enum Page {
    OVERVIEW("Overview"), AGENTS("Agents"), RUNS("Runs");

    private final String title;

    Page(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
