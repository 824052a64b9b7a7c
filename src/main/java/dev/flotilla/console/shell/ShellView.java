package dev.flotilla.console.shell;

import dev.flotilla.console.fx.ShownTicker;
import dev.flotilla.console.fx.StateDot;
import dev.flotilla.console.fx.Theme;
import dev.flotilla.console.page.NavBadge;
import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.PageDescriptor;
import dev.flotilla.console.page.PageViewModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.animation.Timeline;
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

/**
 * The window's layout: toolbar, sidebar, the current page, and the status bar; plus the shortcuts,
 * the pages' timers and their notifications. It knows no page by name: they come from the registry.
 */
public final class ShellView {

    public static final String ROOT_ID = "shell";
    /** The window's own sheets; each page brings its own in its descriptor. */
    public static final List<String> STYLE_SHEETS = List.of("/styles/shell.css", "/styles/sidebar.css");
    private static final PseudoClass ALARM = PseudoClass.getPseudoClass("alarm");
    private static final PseudoClass BUSY = PseudoClass.getPseudoClass("busy");

    private final ShellViewModel model;
    private final OpenPages pages;
    private final BorderPane root = new BorderPane();
    private final Map<PageDescriptor, Node> views = new LinkedHashMap<>();
    private final Map<PageDescriptor, ToggleButton> nav = new LinkedHashMap<>();
    /** Held here so a timer lives as long as the window. */
    private final List<Timeline> tickers = new ArrayList<>();

    /** {@code pages} follow {@code model} already ({@link OpenPages#follow}); their views are built here. */
    public ShellView(ShellViewModel model, Node sidebar, OpenPages pages) {
        this.model = model;
        this.pages = pages;
        root.setId(ROOT_ID);
        StackPane content = new StackPane();
        for (OpenPage p : pages.all()) {
            Node view = p.view().root();
            views.put(p.descriptor(), view);
            content.getChildren().add(view);
            // pages that keep time tick only while they are shown: hidden pages cost nothing
            for (PageViewModel m : p.models()) {
                m.tickEvery().ifPresent(every -> tickers.add(ShownTicker.start(every, m::tick, m.shownProperty())));
            }
        }
        content.getStyleClass().add("content");
        root.setTop(toolbar());
        root.setLeft(sidebar);
        root.setCenter(new StartingMask(model).over(content));
        root.setBottom(statusBar());
        model.pageProperty().addListener((o, was, now) -> showPage(now));
        showPage(model.pageProperty().get());
        pages.onNotice(new PageNotifications(model, root)::show);
    }

    /** The window's sheets and every page's, in load order after the theme's. */
    public List<String> styleSheets() {
        List<String> all = new ArrayList<>(STYLE_SHEETS);
        pages.all().stream().map(p -> p.descriptor().styleSheet()).filter(Objects::nonNull).distinct().forEach(all::add);
        return all;
    }

    private ToolBar toolbar() {
        Label brand = new Label("Flotilla");
        brand.getStyleClass().add("brand");
        ToggleGroup group = new ToggleGroup();
        HBox navBox = new HBox(2);
        for (OpenPage page : pages.all()) {
            PageDescriptor p = page.descriptor();
            ToggleButton b = new ToggleButton(p.title());
            b.setId("nav-" + p.id());
            b.getStyleClass().add("nav");
            b.setToggleGroup(group);
            String hint = Shortcuts.hint("Show " + p.title(), p.shortcut());
            Tooltip tip = new Tooltip(hint);
            b.setTooltip(tip);
            badge(b, page, tip, hint);
            b.setOnAction(e -> {
                model.show(p);
                b.setSelected(true); // a second click must not leave no page selected
            });
            nav.put(p, b);
            navBox.getChildren().add(b);
        }
        // arrow keys move the selection within the group: the page follows, so the bar never names another page
        group.selectedToggleProperty().addListener((obs, before, now) -> nav.forEach((p, b) -> {
            if (b == now && !p.equals(model.pageProperty().get())) model.show(p);
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
        demo.disableProperty().bind(model.activeSessionProperty().isNull().or(model.roleProperty().isEqualTo("read-only")));
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
    private void badge(ToggleButton button, OpenPage page, Tooltip tip, String hint) {
        Label badge = new Label();
        badge.setId("nav-badge-" + page.descriptor().id());
        badge.getStyleClass().add("nav-badge");
        button.setContentDisplay(ContentDisplay.RIGHT);
        button.setGraphicTextGap(6);
        ChangeListener<NavBadge> show = (o, was, now) -> {
            badge.setText(now.text());
            badge.pseudoClassStateChanged(ALARM, now.alarm());
            button.setGraphic(now.shown() ? badge : null);
            tip.setText(now.shown() && !now.tooltip().isEmpty() ? hint + "\n" + now.tooltip() : hint);
        };
        page.badge().addListener(show);
        show.changed(null, null, page.badge().getValue());
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
        Label role = new Label();
        role.setId("status-role");
        role.textProperty().bind(model.roleProperty());
        role.visibleProperty().bind(model.roleProperty().isNotEmpty());
        role.managedProperty().bind(role.visibleProperty());
        Label beforeRole = new Label("·");
        beforeRole.visibleProperty().bind(role.visibleProperty());
        beforeRole.managedProperty().bind(role.visibleProperty());
        role.setTooltip(new Tooltip("What the console's API key may do with this fleet (viewer keys are read-only)"));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label beforeState = new Label("·");
        for (Region fixed : List.of(fleet, beforeState, beforeUrl, url)) fixed.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, dot, fleet, beforeState, state, beforeUrl, url, beforeRole, role, gap, message);
        bar.setId("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private void showPage(PageDescriptor p) {
        views.forEach((page, node) -> {
            node.setVisible(page.equals(p));
            node.setManaged(page.equals(p));
        });
        if (p != null) nav.get(p).setSelected(true);
    }

    /**
     * Each page's shortcut and the keys its view adds (the page shows first), and Shortcut+Shift+T
     * for the theme (Shortcut is Ctrl, or Cmd on a Mac).
     */
    public void installShortcuts(Scene scene) {
        var acc = scene.getAccelerators();
        for (OpenPage page : pages.all()) {
            PageDescriptor p = page.descriptor();
            acc.put(p.shortcut(), () -> model.show(p));
            page.view().keys().forEach((keys, action) -> {
                if (acc.containsKey(keys) || Shortcuts.SHELL.contains(keys)) {
                    throw new IllegalStateException("page " + p.id() + " adds " + keys.getDisplayText() + ", which is taken");
                }
                acc.put(keys, () -> {
                    model.show(p);
                    action.run();
                });
            });
        }
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
