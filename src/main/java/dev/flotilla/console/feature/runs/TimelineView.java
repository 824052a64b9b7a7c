package dev.flotilla.console.feature.runs;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

/**
 * A run's timeline drawn top to bottom: a dot per step, coloured by its tone, joined by a line,
 * and beside each dot what happened, when, and how long after the first step.
 */
final class TimelineView {

    private final VBox box = new VBox(0);

    TimelineView() {
        box.setId("run-timeline");
        box.getStyleClass().add("timeline");
    }

    VBox root() {
        return box;
    }

    void show(List<TimelineSteps.Step> steps) {
        box.getChildren().clear();
        for (int i = 0; i < steps.size(); i++) box.getChildren().add(step(steps.get(i), i, i == steps.size() - 1));
    }

    private static HBox step(TimelineSteps.Step s, int index, boolean last) {
        Circle dot = new Circle(5);
        dot.getStyleClass().addAll("timeline-dot", "tone-" + s.tone());
        Region line = new Region();
        line.getStyleClass().add("timeline-line");
        line.setMinWidth(2);
        line.setMaxWidth(2);
        line.setVisible(!last);
        VBox.setVgrow(line, Priority.ALWAYS);
        VBox gutter = new VBox(2, dot, line);
        gutter.setAlignment(Pos.TOP_CENTER);
        gutter.setMinWidth(14);
        gutter.setPadding(new Insets(3, 0, 0, 0));

        Label title = new Label(s.title());
        title.getStyleClass().add("timeline-title");
        title.setWrapText(true);
        title.setId("timeline-step-" + index);
        Label when = new Label(s.offset().isEmpty() ? s.time() : s.time() + "  " + s.offset());
        when.getStyleClass().add("timeline-time");
        VBox text = new VBox(1, title, when);
        if (!s.detail().isEmpty()) {
            Label detail = new Label(s.detail());
            detail.getStyleClass().add("timeline-detail");
            detail.setWrapText(true);
            text.getChildren().add(detail);
        }
        text.setPadding(new Insets(0, 0, last ? 0 : 10, 0));
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox row = new HBox(8, gutter, text);
        row.getStyleClass().addAll("timeline-step", "kind-" + s.kind());
        return row;
    }
}
