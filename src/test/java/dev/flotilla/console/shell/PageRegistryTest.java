package dev.flotilla.console.shell;

import static dev.flotilla.console.FxStage.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.console.ConsolePages;
import dev.flotilla.console.FxStage;
import dev.flotilla.console.feature.sidebar.SidebarViewModel;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetStore;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Theme;
import dev.flotilla.console.page.NavBadge;
import dev.flotilla.console.page.OpenPage;
import dev.flotilla.console.page.Page;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.page.PageDescriptor;
import dev.flotilla.console.page.PageView;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** Pages register in one place; their descriptors bring their keys, sheets and badges; the registry keeps them apart. */
class PageRegistryTest {

    /** A page no other file knows of, as the next feature would add it. */
    // the digits are all taken by the console's pages: a new page may take any other key
    static final PageDescriptor REPORTS = new PageDescriptor("reports", "Reports",
            new javafx.scene.input.KeyCodeCombination(KeyCode.DIGIT0, javafx.scene.input.KeyCombination.SHORTCUT_DOWN), "/styles/reports.css");

    @TempDir
    Path config;

    private final FxRobot robot = new FxRobot();
    private final BackgroundExecutor background = new BackgroundExecutor(Runnable::run);

    @AfterEach
    void close() throws Exception {
        background.close();
        FxToolkit.hideStage();
    }

    static final String[] PAST_THE_DIGITS = {"Shift+Shortcut+P", "Shift+Shortcut+R", "Shift+Shortcut+B"};

    @Test
    void theConsolesPagesKeepTheirKeysCtrl1ToCtrl9InTheOrderOfTheirButtons() {
        PageRegistry registry = ConsolePages.registry();
        assertThat(registry.descriptors()).extracting(PageDescriptor::id)
                .containsExactly("overview", "agents", "runs", "nodes", "resilience", "dead-letters", "settings", "audit", "keys", "permissions", "traces", "budgets");
        for (int i = 0; i < 9; i++) {
            assertThat(registry.descriptors().get(i).shortcut()).isEqualTo(PageDescriptor.digit(i + 1));
        }
        // past the ninth, pages take Shortcut+Shift+a letter of their name
        assertThat(registry.descriptors().subList(9, registry.descriptors().size())).extracting(d -> d.shortcut().getName())
                .containsExactly(PAST_THE_DIGITS);
        assertThat(registry.styleSheets()).containsExactly("/styles/overview.css", "/styles/agents.css", "/styles/runs.css",
                "/styles/nodes.css", "/styles/resilience.css", "/styles/deadletters.css", "/styles/settings.css", "/styles/audit.css", "/styles/keys.css",
                "/styles/permissions.css", "/styles/traces.css", "/styles/budgets.css");
        for (String sheet : registry.styleSheets()) assertThat(getClass().getResource(sheet)).as(sheet).isNotNull();
    }

    @Test
    void noTwoPagesShareAShortcutOrAnIdAndNoneTakesAKeyOfTheWindow() {
        List<Page> pages = new ArrayList<>(ConsolePages.all());
        pages.add(new TestPage(PageDescriptor.of("copy-of-runs", "Runs again", 3, null)));
        assertThatThrownBy(() -> new PageRegistry(pages, Shortcuts.SHELL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("pages runs and copy-of-runs share the shortcut");

        List<Page> twice = List.of(new TestPage(REPORTS), new TestPage(PageDescriptor.of("reports", "Reports 2", 9, null)));
        assertThatThrownBy(() -> new PageRegistry(twice, Shortcuts.SHELL)).hasMessage("two pages have the id 'reports'");

        Page theme = new TestPage(new PageDescriptor("themes", "Themes", Shortcuts.THEME, null));
        assertThatThrownBy(() -> new PageRegistry(List.of(theme), Shortcuts.SHELL)).hasMessageContaining("a key of the window");
        assertThatThrownBy(() -> PageDescriptor.of("Dead Letters", "Dead letters", 6, null)).hasMessageContaining("'Dead Letters'");
        assertThatThrownBy(() -> PageDescriptor.digit(0)).hasMessage("a page's digit is 1 to 9: 0");
    }

    @Test
    void aNewPageRegisteredInOnePlaceGetsItsButtonKeyBadgeSheetAndLifecycleWithNoOtherChange() throws Exception {
        FxStage.show();
        List<Page> pages = new ArrayList<>(ConsolePages.all());
        TestPage audit = new TestPage(REPORTS);
        pages.add(audit);
        PageRegistry registry = new PageRegistry(pages, Shortcuts.SHELL);
        assertThat(registry.styleSheets()).endsWith("/styles/reports.css");

        ShellView[] view = new ShellView[1];
        ShellViewModel[] shell = new ShellViewModel[1];
        robot.interact(() -> {
            SidebarViewModel sidebar = new SidebarViewModel(new FleetStore(config), background, t -> {
                throw new AssertionError("nothing here connects to a fleet");
            });
            shell[0] = new ShellViewModel(sidebar, background, Theme.DARK);
            OpenPages open = registry.open(new PageContext(background, Clock.systemUTC(), shell[0].themeProperty())).follow(shell[0]);
            view[0] = new ShellView(shell[0], new StackPane(), open);
        });
        FxToolkit.setupStage(stage -> {
            Scene scene = new Scene(view[0].root(), 1280, 800);
            view[0].installShortcuts(scene);
            stage.setScene(scene);
        });
        FxToolkit.showStage();

        ToggleButton button = robot.lookup("#nav-reports").queryAs(ToggleButton.class);
        assertThat(button.getText()).isEqualTo("Reports");
        assertThat(button.getTooltip().getText()).isEqualTo("Show Reports (" + REPORTS.shortcut().getDisplayText() + ")");
        assertThat(view[0].styleSheets()).endsWith("/styles/reports.css");
        assertThat(audit.model.shownProperty().get()).isFalse(); // the first page shows first
        assertThat(audit.model.sessions).containsExactly((FleetSession) null); // it follows the shell's fleet (none yet)

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
        waitUntil(10, () -> robot.lookup("#reports-page").query().isVisible() && button.isSelected());
        assertThat(audit.model.shownProperty().get()).isTrue();
        assertThat(robot.lookup("#overview-page").query().isVisible()).isFalse();

        // its own keys act on it, after showing it
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        waitUntil(10, () -> !audit.model.shownProperty().get());
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        waitUntil(10, () -> audit.exports == 1 && audit.model.shownProperty().get());

        robot.interact(() -> audit.badge.set(new NavBadge("3", "3 entries wait", true)));
        waitUntil(10, () -> "3".equals(robot.lookup("#nav-badge-reports").queryAs(Label.class).getText()));
        assertThat(button.getTooltip().getText()).endsWith("\n3 entries wait");
    }

    /** A page with one view-model, a badge it sets itself, and a key of its own (Shortcut+E). */
    static final class TestPage implements Page {
        private final PageDescriptor descriptor;
        final ReadOnlyObjectWrapper<NavBadge> badge = new ReadOnlyObjectWrapper<>(NavBadge.NONE);
        final Model model = new Model();
        int exports;

        TestPage(PageDescriptor descriptor) {
            this.descriptor = descriptor;
        }

        @Override
        public PageDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public OpenPage open(PageContext context) {
            return OpenPage.of(descriptor, () -> new PageView() {
                private final Label root = new Label(descriptor.title());

                {
                    root.setId(descriptor.id() + "-page");
                }

                @Override
                public Parent root() {
                    return root;
                }

                @Override
                public java.util.Map<KeyCombination, Runnable> keys() {
                    return java.util.Map.of(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), () -> exports++);
                }
            }, model).withBadge(badge.getReadOnlyProperty());
        }
    }

    static final class Model extends PageViewModel {
        final List<FleetSession> sessions = new ArrayList<>();

        @Override
        protected void onSession(FleetSession next) {
            sessions.add(next);
        }

        @Override
        protected void handle(List<FleetSignal> batch) {}
    }
}
