package dev.flotilla.console.fx;

import javafx.css.PseudoClass;

/** The style classes and pseudo-classes the console's sheets style, named once (styles/*.css use the same words). */
public final class Styles {

    public static final String PAGE = "page";
    public static final String PAGE_HEADER = "page-header";
    public static final String PAGE_TITLE = "page-title";
    public static final String SECTION_TITLE = "section-title";
    public static final String CAPTION = "caption";
    public static final String MUTED = "muted";
    public static final String FEEDBACK = "feedback";
    public static final String ERROR_TEXT = "error-text";
    public static final String NUMERIC = "numeric";
    public static final String BADGE = "badge";

    /** A feedback line that reports a failure. */
    public static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    /** Something that needs the operator now (a red badge or card). */
    public static final PseudoClass ALARM = PseudoClass.getPseudoClass("alarm");

    private Styles() {}
}
