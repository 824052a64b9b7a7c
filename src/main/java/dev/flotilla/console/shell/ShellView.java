package dev.flotilla.console.shell;

import dev.flotilla.console.feature.runs.RunsView;
import dev.flotilla.console.fx.StateDot;
import dev.flotilla.console.fx.Theme;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Circle;

/** The window's layout: toolbar, sidebar, the current page, and the status bar; plus the shortcuts. */
public final class ShellView {

    public static final String ROOT_ID = "shell";
    private static final PseudoClass ALARM = PseudoClass.getPseudoClass("alarm");
    private static final PseudoClass BUSY = PseudoClass.getPseudoClass("busy");

    private final ShellViewModel model;
    private final BorderPane root = new BorderPane();
    private final Map<Page, Node> pages = new EnumMap<>(Page.class);
    private final Map<Page, ToggleButton> nav = new EnumMap<>(Page.class);
    private final RunsView runs;

    /** {@code others} holds the root of every page but Runs, which comes as its view for the prompt shortcut. */
    public ShellView(ShellViewModel model, Node sidebar, RunsView runs, Map<Page, Node> others) {
        this.model = model;
        this.runs = runs;
        root.setId(ROOT_ID);
        pages.putAll(others);
        pages.put(Page.RUNS, runs.root());
        for (Page p : Page.values()) {
            if (!pages.containsKey(p)) throw new IllegalArgumentException("no view for page " + p);
        }
        StackPane content = new StackPane();
        for (Page p : Page.values()) content.getChildren().add(pages.get(p));
        content.getStyleClass().add("content");
        root.setTop(toolbar());
        root.setLeft(sidebar);
        root.setCenter(content);
        root.setBottom(statusBar());
        model.pageProperty().addListener((o, was, now) -> showPage(now));
        showPage(model.pageProperty().get());
    }

    private ToolBar toolbar() {
        Label brand = new Label("Flotilla");
        brand.getStyleClass().add("brand");
        ToggleGroup group = new ToggleGroup();
        HBox navBox = new HBox(2);
        for (Page p : Page.values()) {
            ToggleButton b = new ToggleButton(p.title());
            b.setId("nav-" + p.name().toLowerCase(Locale.ROOT));
            b.getStyleClass().add("nav");
            b.setToggleGroup(group);
            String hint = Shortcuts.hint("Show " + p.title(), Shortcuts.page(p));
            Tooltip tip = new Tooltip(hint);
            b.setTooltip(tip);
            badge(b, p, tip, hint);
            b.setOnAction(e -> {
                model.show(p);
                b.setSelected(true); // a second click must not leave no page selected
            });
            nav.put(p, b);
            navBox.getChildren().add(b);
        }
        // arrow keys move the selection within the group: the page follows, so the bar never names another page
        group.selectedToggleProperty().addListener((obs, before, now) -> nav.forEach((p, b) -> {
            if (b == now && model.pageProperty().get() != p) model.show(p);
        }));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        ToggleButton demo = new ToggleButton("Demo traffic");
        demo.setId("demo-toggle");
        demo.setTooltip(new Tooltip("Send a steady trickle of sample runs to the node that serves this fleet"));
        // the button shows what the fleet reports; a click asks the fleet, which may refuse
        model.demoEnabledProperty().addListener((o, was, now) -> demo.setSelected(now));
        demo.setSelected(model.demoEnabledProperty().get());
        // while the fleet answers, the switch stays enabled (disabling it would throw the focus to the next
        // control) and a further click is undone; the busy state shows as a pseudo-class instead
        demo.setOnAction(e -> {
            if (model.demoBusyProperty().get()) demo.setSelected(model.demoEnabledProperty().get());
            else model.setDemo(demo.isSelected());
        });
        model.demoBusyProperty().addListener((o, was, busy) -> demo.pseudoClassStateChanged(BUSY, busy));
        demo.disableProperty().bind(model.activeSessionProperty().isNull());
        Button theme = new Button();
        theme.setId("theme-toggle");
        theme.textProperty().bind(Bindings.createStringBinding(
                () -> model.themeProperty().get() == Theme.DARK ? "Light theme" : "Dark theme",
                model.themeProperty()));
        theme.setTooltip(new Tooltip(Shortcuts.hint("Switch between dark and light", Shortcuts.THEME)));
        theme.setOnAction(e -> model.toggleTheme());
        ToolBar bar = new ToolBar(brand, navBox, gap, demo, theme);
        bar.setId("toolbar");
        return bar;
    }

    /** The count a page wants seen, beside its title; the tooltip says what it counts. */
    private void badge(ToggleButton button, Page p, Tooltip tip, String hint) {
        Label badge = new Label();
        badge.setId("nav-badge-" + p.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        badge.getStyleClass().add("nav-badge");
        button.setContentDisplay(ContentDisplay.RIGHT);
        button.setGraphicTextGap(6);
        ChangeListener<NavBadge> show = (o, was, now) -> {
            badge.setText(now.text());
            badge.pseudoClassStateChanged(ALARM, now.alarm());
            button.setGraphic(now.shown() ? badge : null);
            tip.setText(now.shown() && !now.tooltip().isEmpty() ? hint + "\n" + now.tooltip() : hint);
        };
        model.badgeProperty(p).addListener(show);
        show.changed(null, null, model.badgeProperty(p).get());
    }

    private HBox statusBar() {
        Circle dot = StateDot.create(4, model.stateProperty().get());
        model.stateProperty().addListener((o, was, now) -> StateDot.paint(dot, now));
        Label fleet = new Label();
        fleet.setId("status-fleet");
        fleet.textProperty().bind(model.fleetNameProperty());
        // a long state (a failure's reason) is what gives way: it ends in "…" and the tooltip has it all
        Label state = new Label();
        state.setId("status-state");
        state.textProperty().bind(model.stateTextProperty());
        Tooltip fullState = new Tooltip();
        fullState.setWrapText(true);
        fullState.setMaxWidth(600);
        fullState.textProperty().bind(model.stateTextProperty());
        state.setTooltip(fullState);
        Label url = new Label();
        url.setId("status-url");
        url.getStyleClass().add("muted");
        url.textProperty().bind(model.urlProperty());
        Label beforeUrl = new Label("·");
        beforeUrl.visibleProperty().bind(model.urlProperty().isNotEmpty());
        beforeUrl.managedProperty().bind(beforeUrl.visibleProperty());
        url.visibleProperty().bind(beforeUrl.visibleProperty());
        url.managedProperty().bind(beforeUrl.visibleProperty());
        Label message = new Label();
        message.setId("status-message");
        message.getStyleClass().add("muted");
        message.textProperty().bind(model.messageProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label beforeState = new Label("·");
        for (Region fixed : List.of(fleet, beforeState, beforeUrl, url)) fixed.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, dot, fleet, beforeState, state, beforeUrl, url, gap, message);
        bar.setId("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private void showPage(Page p) {
        pages.forEach((page, node) -> {
            node.setVisible(page == p);
            node.setManaged(page == p);
        });
        nav.get(p).setSelected(true);
    }

    /** Shortcut+1.. pages, Shortcut+N prompt, Shortcut+Shift+T theme (Shortcut is Ctrl, or Cmd on a Mac). */
    public void installShortcuts(Scene scene) {
        var acc = scene.getAccelerators();
        for (Page p : Page.values()) acc.put(Shortcuts.page(p), () -> model.show(p));
        acc.put(Shortcuts.NEW_RUN, () -> {
            model.show(Page.RUNS);
            runs.focusPrompt();
        });
        acc.put(Shortcuts.THEME, model::toggleTheme);
    }

    /** Shortcut+Q runs {@code quit}: the same orderly shutdown as closing the window. */
    public void installQuit(Scene scene, Runnable quit) {
        scene.getAccelerators().put(Shortcuts.QUIT, quit);
    }

    public Parent root() {
        return root;
    }
}
