package dev.flotilla.console.shell;

/**
 * The pages of the console, in the order of their shortcuts (Ctrl+1, Ctrl+2, …). New pages go at
 * the end, so the keys an operator already knows keep their pages.
 */
public enum Page {
    OVERVIEW("Overview"), AGENTS("Agents"), RUNS("Runs"), NODES("Nodes"), RESILIENCE("Resilience"), DEAD_LETTERS("Dead letters");

    private final String title;

    Page(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
