package dev.flotilla.console;

import dev.flotilla.console.feature.sidebar.FleetEntry;
import dev.flotilla.console.feature.sidebar.SidebarView;
import dev.flotilla.console.feature.sidebar.SidebarViewModel;
import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetStore;
import dev.flotilla.console.fleet.LocalFleet;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Theme;
import dev.flotilla.console.page.PageContext;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.console.shell.LocalFleetMemory;
import dev.flotilla.console.shell.OpenPages;
import dev.flotilla.console.shell.Settings;
import dev.flotilla.console.shell.SettingsStore;
import dev.flotilla.console.shell.ShellView;
import dev.flotilla.console.shell.ShellViewModel;
import java.net.URL;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flotilla console window. It wires the pages to the fleet selected in the sidebar, starts the
 * local fleet in the background (or connects to the one given in {@link ConsoleOptions}), and on
 * close drains the local fleet off the FX thread before the process exits.
 */
public final class ConsoleApp extends Application {

    private static final Logger log = LoggerFactory.getLogger(ConsoleApp.class);

    private final ConsoleOptions options;
    /** Ends the toolkit once all is closed: {@code Platform::exit}; tests keep their toolkit. */
    private final Runnable exitToolkit;
    /** Only the console as launched takes over SIGINT and SIGTERM; a test's JVM keeps its own. */
    private final boolean handleSignals;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private BackgroundExecutor background;
    private SidebarViewModel sidebar;
    private SettingsStore settingsStore;
    private Settings settings;
    private Stage stage;
    private volatile LocalFleet localFleet;
    private CompletableFuture<Void> shutdown;

    /** The console as {@link ConsoleMain} launches it. */
    public ConsoleApp() {
        this(ConsoleOptions.fromSystemProperties(), Platform::exit, true);
    }

    public ConsoleApp(ConsoleOptions options) {
        this(options, Platform::exit, false);
    }

    /** {@code exitToolkit} runs when a quit (Ctrl+Q, closing the window) has closed everything. */
    public ConsoleApp(ConsoleOptions options, Runnable exitToolkit) {
        this(options, exitToolkit, false);
    }

    private ConsoleApp(ConsoleOptions options, Runnable exitToolkit, boolean handleSignals) {
        this.options = options;
        this.exitToolkit = exitToolkit;
        this.handleSignals = handleSignals;
    }

    @Override
    public void start(Stage primary) {
        this.stage = primary;
        scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("console-timer-", 0).factory());
        background = new BackgroundExecutor();
        settingsStore = new SettingsStore(options.configDir());
        settings = settingsStore.load();

        sidebar = new SidebarViewModel(new FleetStore(options.configDir()), background,
                target -> new FleetSession(target, scheduler, Platform::runLater, clock).start());
        ShellViewModel shell = new ShellViewModel(sidebar, background, Theme.fromId(settings.theme()));
        OpenPages pages = ConsolePages.registry().open(new PageContext(background, clock, shell.themeProperty())).follow(shell);

        ShellView view = new ShellView(shell, new SidebarView(sidebar).root(), pages);
        Settings.Window w = settings.window();
        Scene scene = new Scene(view.root(), w != null ? w.width() : Settings.DEFAULT_WIDTH, w != null ? w.height() : Settings.DEFAULT_HEIGHT);
        List<String> sheets = view.styleSheets();
        applyTheme(scene, shell.themeProperty().get(), sheets);
        shell.themeProperty().addListener((o, was, now) -> {
            applyTheme(scene, now, sheets);
            updateSettings(settings.withTheme(now.id()));
        });
        view.installShortcuts(scene);
        view.installQuit(scene, this::quit);

        primary.setTitle("Flotilla");
        primary.setScene(scene);
        primary.setMinWidth(900);
        primary.setMinHeight(600);
        restoreBounds(primary, w);
        Platform.setImplicitExit(false);
        primary.setOnCloseRequest(e -> quit());
        if (handleSignals) QuitSignals.install(() -> Platform.runLater(this::quit));
        primary.show();
        startFleets();
    }

    /**
     * Ctrl+Q, the window's close button, SIGINT and SIGTERM all end here: the window goes, everything
     * is closed in order off the FX thread, then the toolkit exits. On the FX thread; idempotent.
     */
    private void quit() {
        CompletableFuture<Void> closed = shutdown(); // first: it keeps the window's bounds
        if (stage != null) stage.hide();
        closed.whenComplete((ok, error) -> exitToolkit.run());
    }

    private void startFleets() {
        if (options.localFleet().isPresent()) {
            sidebar.addLocal(options.localFleet().get());
        } else {
            FleetEntry entry = sidebar.addLocalStarting();
            CompletableFuture<LocalFleet> starting = LocalFleet.start(options.dataDir(), settings.localFleetOrNone()).thenApply(started -> {
                // off the FX thread, so it holds even if the window is gone before the node is up
                localFleet = started;
                registerDrainOnSignal(started);
                return started;
            });
            background.onFx(starting, started -> {
                if (shutdown != null) {
                    background.supply(() -> closeLocal(started));
                    return;
                }
                sidebar.localStarted(entry, started.target());
                rememberLocalChanges(entry.sessionProperty().get());
            }, error -> sidebar.localFailed(entry, ErrorText.of(error)));
        }
        sidebar.loadSaved();
    }

    /** What the operator changes on the local fleet (demo traffic, pools) is applied again at the next start. */
    private void rememberLocalChanges(FleetSession local) {
        LocalFleetMemory memory = new LocalFleetMemory(settings.localFleetOrNone(),
                changed -> updateSettings(settings.withLocalFleet(changed)));
        local.signals().subscribe(memory::onSignals);
    }

    /** Takes {@code next} as the settings and saves them in the background. FX thread. */
    private void updateSettings(Settings next) {
        settings = next;
        background.supply(() -> {
            settingsStore.save(next);
            return null;
        });
    }

    /**
     * However the process ends (an orderly quit, a second signal, a logout), the local fleet drains
     * and its Redis stops; {@link LocalFleet#close()} does that once, however often it is called.
     */
    private static void registerDrainOnSignal(LocalFleet lf) {
        try {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("local-fleet-drain").unstarted(lf::close));
        } catch (IllegalStateException alreadyExiting) {
            lf.close();
        }
    }

    private static void applyTheme(Scene scene, Theme theme, List<String> windowSheets) {
        List<String> sheets = new ArrayList<>();
        for (String path : theme.stylesheets(windowSheets)) {
            URL url = ConsoleApp.class.getResource(path);
            if (url == null) log.warn("stylesheet {} is missing from the build", path);
            else sheets.add(url.toExternalForm());
        }
        scene.getStylesheets().setAll(sheets);
        scene.getRoot().getStyleClass().removeAll("theme-dark", "theme-light");
        scene.getRoot().getStyleClass().add("theme-" + theme.id());
    }

    /** Puts the window where it was, if that place is still on a screen. */
    private static void restoreBounds(Stage stage, Settings.Window w) {
        if (w == null) return;
        if (!Screen.getScreensForRectangle(w.x(), w.y(), Math.max(1, w.width()), Math.max(1, w.height())).isEmpty()) {
            stage.setX(w.x());
            stage.setY(w.y());
        }
        stage.setMaximized(w.maximized());
    }

    /**
     * Closes every connection and drains the local fleet on a background thread; idempotent. Call
     * on the FX thread. The future completes when all is closed.
     */
    public synchronized CompletableFuture<Void> shutdown() {
        if (shutdown != null) return shutdown;
        if (stage != null && stage.getScene() != null) {
            settings = settings.withWindow(new Settings.Window(stage.getX(), stage.getY(),
                    stage.getScene().getWidth(), stage.getScene().getHeight(), stage.isMaximized()));
        }
        Settings last = settings;
        CompletableFuture<Void> sessionsClosed = sidebar != null ? sidebar.closeAll() : CompletableFuture.completedFuture(null);
        shutdown = sessionsClosed.thenCompose(v -> background.supply(() -> {
            if (last != null) settingsStore.save(last);
            LocalFleet lf = localFleet;
            if (lf != null) closeLocal(lf);
            return null;
        })).handle((v, e) -> {
            if (e != null) log.warn("shutdown was not clean: {}", ErrorText.of(e)); // one line, no stack trace on the way out
            scheduler.shutdownNow();
            background.close();
            return null;
        });
        return shutdown;
    }

    private static Void closeLocal(LocalFleet lf) {
        if (!lf.attached()) log.info("draining the local fleet"); // an attached one is the other console's to drain
        lf.close();
        return null;
    }

    @Override
    public void stop() {
        if (scheduler != null) shutdown();
    }
}
