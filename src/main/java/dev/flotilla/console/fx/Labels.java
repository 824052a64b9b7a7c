package dev.flotilla.console.fx;

import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The labels every page has (title, captions, its message line, a table's placeholder) and its header row, made once. */
public final class Labels {

    private Labels() {}

    public static Label pageTitle(String text) {
        return styled(text, Styles.PAGE_TITLE);
    }

    public static Label sectionTitle(String text) {
        return styled(text, Styles.SECTION_TITLE);
    }

    public static Label caption(String text) {
        return styled(text, Styles.CAPTION);
    }

    public static Label muted(String text) {
        return styled(text, Styles.MUTED);
    }

    private static Label styled(String text, String styleClass) {
        Label l = new Label(text);
        l.getStyleClass().add(styleClass);
        return l;
    }

    /**
     * A page's message line: what the page last said, red while {@code isError} holds. It wraps
     * rather than ending in "…", since a failure's reason is what the operator needs to read.
     */
    public static Label feedback(String id, ObservableValue<String> text, ObservableValue<Boolean> isError) {
        Label message = new Label();
        message.setId(id);
        message.getStyleClass().add(Styles.FEEDBACK);
        message.setWrapText(true);
        message.setMaxWidth(560);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.textProperty().bind(text);
        follow(message, Styles.ERROR, isError);
        return message;
    }

    /** What an empty table says instead of rows: why it is empty, wrapped in a readable column. */
    public static Label placeholder(String id, ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMaxWidth(640);
        l.textProperty().bind(text);
        return l;
    }

    /** {@code node} carries {@code pseudoClass} while {@code on} holds. */
    public static void follow(Node node, PseudoClass pseudoClass, ObservableValue<Boolean> on) {
        node.pseudoClassStateChanged(pseudoClass, Boolean.TRUE.equals(on.getValue()));
        on.addListener((o, was, now) -> node.pseudoClassStateChanged(pseudoClass, Boolean.TRUE.equals(now)));
    }

    /** A page's header row: its title first, then {@code left}, a gap that takes the room, and {@code right}. */
    public static HBox header(Label title, Node[] left, Node... right) {
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox box = new HBox(12);
        box.getChildren().add(title);
        box.getChildren().addAll(left);
        box.getChildren().add(gap);
        box.getChildren().addAll(right);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add(Styles.PAGE_HEADER);
        return box;
    }

    /** A region that takes the room left in a row, pushing what follows to the end. */
    public static Region gap() {
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        return gap;
    }
}
