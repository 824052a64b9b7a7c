package dev.flotilla.console.feature.permissions;

/** What one cell of the matrix (a tool for a tool role) says, and the words and keys for it. */
public enum CellKind {
    DENY("deny", "—"),
    ALLOW("allow", "✓"),
    CONSTRAINED("allow with constraints", "✓*"),
    APPROVAL("needs approval", "?");

    private final String words;
    private final String mark;

    CellKind(String words, String mark) {
        this.words = words;
        this.mark = mark;
    }

    public String words() { return words; }

    public String mark() { return mark; }

    /** The style class of a cell of this kind. */
    public String styleClass() { return "cell-" + name().toLowerCase(); }
}
