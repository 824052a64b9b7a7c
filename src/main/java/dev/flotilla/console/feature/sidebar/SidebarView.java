package dev.flotilla.console.feature.sidebar;

import dev.flotilla.console.fleet.ConnectionState;
import dev.flotilla.console.fx.Dialogs;
import dev.flotilla.console.fx.StateDot;
import java.util.List;
import java.util.stream.Stream;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

/** The fleet list: one row per fleet with its connection state, plus add and remove. */
public final class SidebarView {

    public static final String ROOT_ID = "sidebar";

    private final SidebarViewModel model;
    private final VBox root = new VBox(8);
    private final ListView<FleetEntry> list;

    public SidebarView(SidebarViewModel model) {
        this.model = model;
        root.setId(ROOT_ID);
        root.setPadding(new Insets(12));
        root.setPrefWidth(250);
        Label title = new Label("Fleets");
        title.getStyleClass().add("sidebar-title");
        list = new ListView<>(model.fleets());
        list.setId("fleet-list");
        list.setCellFactory(l -> new FleetCell());
        VBox.setVgrow(list, Priority.ALWAYS);
        // list selection and model selection follow each other
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) model.selectedProperty().set(now);
        });
        model.selectedProperty().addListener((o, was, now) -> list.getSelectionModel().select(now));
        if (model.selectedProperty().get() != null) list.getSelectionModel().select(model.selectedProperty().get());

        Label problem = new Label();
        problem.setId("sidebar-problem");
        problem.getStyleClass().add("error-text");
        problem.setWrapText(true);
        problem.textProperty().bind(model.problemProperty());
        problem.visibleProperty().bind(model.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        Button add = new Button("Add remote fleet…");
        add.setId("add-fleet");
        add.setMaxWidth(Double.MAX_VALUE);
        add.setOnAction(e -> new AddFleetDialog(root, model::addRemote).show());
        Button remove = new Button("Remove");
        remove.setId("remove-fleet");
        remove.setTooltip(new Tooltip("Remove the selected remote fleet from this console"));
        remove.disableProperty().bind(Bindings.createBooleanBinding(
                () -> model.selectedProperty().get() == null || model.selectedProperty().get().descriptor().local(),
                model.selectedProperty()));
        remove.setOnAction(e -> confirmRemove(model.selectedProperty().get()));
        HBox buttons = new HBox(6, add, remove);
        HBox.setHgrow(add, Priority.ALWAYS);
        root.getChildren().addAll(title, list, problem, buttons);
    }

    private void confirmRemove(FleetEntry entry) {
        if (entry == null || entry.descriptor().local()) return;
        Dialogs.confirm("Remove fleet", "Remove " + entry.descriptor().name() + "?",
                        "The console forgets " + entry.descriptor().url() + " and its API key (" + entry.maskedKey()
                                + "). The fleet itself keeps running.")
                .yes("Remove", "confirm-remove-fleet")
                .no("Keep")
                .show(root, () -> model.remove(entry));
    }

    public Parent root() {
        return root;
    }

    /** Dot, name, state in words, and the URL; the tooltip repeats all three, unwrapped by the narrow list. */
    private static final class FleetCell extends ListCell<FleetEntry> {
        private final Circle dot = StateDot.create(5, ConnectionState.CONNECTING);
        private final Label name = new Label();
        private final Label state = new Label();
        private final Label url = new Label();
        private final Tooltip tooltip = new Tooltip();
        private final HBox box;
        private final ChangeListener<ConnectionState> repaint = (o, was, now) -> StateDot.paint(dot, now);
        private FleetEntry shown;

        FleetCell() {
            name.getStyleClass().add("fleet-name");
            state.getStyleClass().add("fleet-state");
            url.getStyleClass().add("fleet-url");
            state.setWrapText(true);
            url.setWrapText(true);
            // while the local fleet starts there is no URL yet: no empty line for it
            url.visibleProperty().bind(url.textProperty().isNotEmpty());
            url.managedProperty().bind(url.visibleProperty());
            tooltip.setWrapText(true);
            tooltip.setMaxWidth(480);
            VBox text = new VBox(1, name, state, url);
            box = new HBox(8, dot, text);
            box.setAlignment(Pos.TOP_LEFT);
            HBox.setMargin(dot, new Insets(5, 0, 0, 0));
            setPrefWidth(0); // wrap inside the list instead of scrolling sideways
        }

        @Override
        protected void updateItem(FleetEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            name.textProperty().unbind();
            state.textProperty().unbind();
            url.textProperty().unbind();
            tooltip.textProperty().unbind();
            if (shown != null) shown.stateProperty().removeListener(repaint);
            shown = null;
            if (empty || entry == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            name.textProperty().bind(Bindings.createStringBinding(() -> entry.descriptor().name(), entry.descriptorProperty()));
            state.textProperty().bind(entry.stateTextProperty());
            url.textProperty().bind(entry.urlTextProperty());
            tooltip.textProperty().bind(Bindings.createStringBinding(
                    () -> String.join("\n", nonEmpty(entry.descriptor().name(), entry.stateTextProperty().get(),
                            entry.urlTextProperty().get())),
                    entry.descriptorProperty(), entry.stateTextProperty(), entry.urlTextProperty()));
            shown = entry;
            entry.stateProperty().addListener(repaint);
            StateDot.paint(dot, entry.stateProperty().get());
            setGraphic(box);
            setText(null);
            setTooltip(tooltip);
        }

        private static List<String> nonEmpty(String... lines) {
            return Stream.of(lines).filter(l -> l != null && !l.isEmpty()).toList();
        }
    }
}
