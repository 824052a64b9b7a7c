package dev.flotilla.console.fx;

import java.util.Objects;

/**
 * The words of a confirmation, decided by a view-model and shown by {@link Dialogs}: the dialog's
 * title, the question, what will happen, and the label of the button that goes ahead.
 */
public record Confirmation(String title, String question, String consequence, String yes) {

    public Confirmation {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(consequence, "consequence");
        Objects.requireNonNull(yes, "yes");
    }
}
