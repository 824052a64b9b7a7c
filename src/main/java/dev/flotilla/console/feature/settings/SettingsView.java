package dev.flotilla.console.feature.settings;

import dev.flotilla.console.fx.Labels;
import dev.flotilla.console.fx.Styles;
import dev.flotilla.console.page.PageView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;

/**
 * The settings page: a property sheet (ControlsFX) per group, the console's first, then the shown
 * fleet's with Apply and Revert. One sheet per group rather than one sheet's accordion, which would
 * show only one group at a time.
 */
public final class SettingsView implements PageView {

    public static final String ROOT_ID = "settings-page";

    private final SettingsViewModel model;
    private final VBox root = new VBox(12);
    private final VBox groups = new VBox(14);

    public SettingsView(SettingsViewModel model) {
        this.model = model;
        root.setId(ROOT_ID);
        root.getStyleClass().add(Styles.PAGE);
        root.setPadding(new Insets(16));
        model.settings().addListener((ListChangeListener<Setting<?>>) c -> showSettings());
        showSettings();
        Label fleet = Labels.muted("");
        fleet.setId("settings-fleet");
        fleet.setWrapText(true);
        fleet.textProperty().bind(model.fleetCaptionProperty());
        root.getChildren().addAll(Labels.header(Labels.pageTitle("Settings"), new Node[0],
                Labels.feedback("settings-message", model.messageProperty(), model.messageIsErrorProperty())), fleet, groups, actions());
    }

    private void showSettings() {
        Map<String, List<PropertySheet.Item>> byGroup = new LinkedHashMap<>();
        for (Setting<?> s : model.settings()) byGroup.computeIfAbsent(s.category(), k -> new ArrayList<>()).add(new Item(s));
        groups.getChildren().clear();
        byGroup.forEach((group, items) -> {
            PropertySheet sheet = new PropertySheet(FXCollections.observableArrayList(items));
            sheet.getStyleClass().add("settings-sheet");
            sheet.setMode(PropertySheet.Mode.NAME);
            sheet.setModeSwitcherVisible(false);
            sheet.setSearchBoxVisible(false);
            sheet.setMaxHeight(Region.USE_PREF_SIZE);
            groups.getChildren().addAll(Labels.sectionTitle(group), sheet);
        });
    }

    private HBox actions() {
        Button apply = new Button("Apply to the fleet");
        apply.setId("settings-apply");
        apply.getStyleClass().add("accent");
        apply.disableProperty().bind(model.changedProperty().not().or(model.applyingProperty()));
        apply.setOnAction(e -> model.apply());
        Button revert = new Button("Revert");
        revert.setId("settings-revert");
        revert.disableProperty().bind(model.changedProperty().not().or(model.applyingProperty()));
        revert.setOnAction(e -> model.revert());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(18, 18);
        progress.visibleProperty().bind(model.applyingProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        HBox bar = new HBox(8, apply, revert, progress);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    @Override
    public Parent root() {
        return root;
    }

    /** A setting as the sheet edits it; the sheet's editors pick themselves by the setting's type. */
    private record Item(Setting<?> setting) implements PropertySheet.Item {

        @Override
        public Class<?> getType() {
            return setting.type();
        }

        @Override
        public String getCategory() {
            return setting.category();
        }

        @Override
        public String getName() {
            return setting.name();
        }

        @Override
        public String getDescription() {
            return setting.description();
        }

        @Override
        public Object getValue() {
            return setting.value().getValue();
        }

        @Override
        public void setValue(Object value) {
            write(setting, value);
        }

        @Override
        public Optional<ObservableValue<?>> getObservableValue() {
            return Optional.of(setting.value());
        }

        /** The sheet's number editor may hand over a Double or a Long for an Integer setting. */
        private static <T> void write(Setting<T> s, Object value) {
            if (value instanceof Number n && s.type() == Integer.class) value = n.intValue();
            if (value != null && !s.type().isInstance(value)) return;
            s.value().setValue(s.type().cast(value));
        }
    }
}
