package dev.flotilla.console.shell;

import dev.flotilla.console.feature.sidebar.FleetEntry;
import dev.flotilla.console.feature.sidebar.SidebarViewModel;
import dev.flotilla.console.fleet.ConnectionState;
import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Theme;
import dev.flotilla.console.page.PageDescriptor;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.console.session.SessionSubscription;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;

/**
 * The window around the pages: which page shows, which fleet is active (the sidebar's selection),
 * the theme, the status bar, and the demo-traffic switch of the active fleet. FX thread only.
 */
public final class ShellViewModel {

    private final BackgroundExecutor background;
    private final SessionSubscription subscription = new SessionSubscription();
    private final ObjectProperty<PageDescriptor> page = new SimpleObjectProperty<>();
    private final ObjectProperty<Theme> theme;
    private final ObjectProperty<FleetSession> activeSession = new SimpleObjectProperty<>();
    private final ObjectProperty<ConnectionState> state = new SimpleObjectProperty<>(ConnectionState.CONNECTING);
    private final StringProperty fleetName = new SimpleStringProperty("");
    private final StringProperty stateText = new SimpleStringProperty("");
    private final StringProperty url = new SimpleStringProperty("");
    private final BooleanProperty demoEnabled = new SimpleBooleanProperty();
    private final BooleanProperty demoBusy = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");
    /** The role of the console's key for the active fleet ("admin", "operator", "read-only"); empty until known. */
    private final StringProperty role = new SimpleStringProperty("");
    private final ChangeListener<FleetSession> sessionOfEntry = (o, was, now) -> activeSession.set(now);
    private FleetEntry entry;

    public ShellViewModel(SidebarViewModel sidebar, BackgroundExecutor background, Theme initialTheme) {
        this.background = background;
        this.theme = new SimpleObjectProperty<>(initialTheme);
        sidebar.selectedProperty().addListener((o, was, now) -> follow(now));
        activeSession.addListener((o, was, now) -> {
            subscription.switchTo(now, this::onSignals);
            demoEnabled.set(now != null && now.lastFleet().map(ShellViewModel::demoOf).orElse(false));
            role.set("");
            if (now != null) background.onFx(now.keyRole(), r -> {
                if (now == activeSession.get()) role.set("viewer".equals(r.role()) ? "read-only" : r.role());
            }, e -> { });
        });
        follow(sidebar.selectedProperty().get());
    }

    private void follow(FleetEntry next) {
        if (entry != null) entry.sessionProperty().removeListener(sessionOfEntry);
        entry = next;
        fleetName.unbind();
        stateText.unbind();
        url.unbind();
        state.unbind();
        if (next == null) {
            activeSession.set(null);
            fleetName.set("No fleet");
            stateText.set("");
            url.set("");
            state.set(null);
            return;
        }
        next.sessionProperty().addListener(sessionOfEntry);
        activeSession.set(next.sessionProperty().get());
        fleetName.bind(Bindings.createStringBinding(() -> next.descriptor().name(), next.descriptorProperty()));
        url.bind(next.urlTextProperty());
        stateText.bind(next.stateTextProperty());
        state.bind(next.stateProperty());
    }

    private void onSignals(List<FleetSignal> batch) {
        boolean changed = false;
        for (FleetSignal s : batch) {
            if (s instanceof FleetSnapshot snap && !demoBusy.get()) demoEnabled.set(demoOf(snap.info()));
            if (s instanceof FleetEvent e && FleetEvent.DEMO_CHANGED.equals(e.type())) changed = true;
        }
        if (changed && subscription.current() != null) subscription.current().refresh();
    }

    /** Demo traffic as the node that answered has it, since that is the node the switch talks to. */
    private static boolean demoOf(FleetInfo info) {
        return info.servingNode().map(FleetInfo.Node::demoTraffic)
                .orElse(info.nodes().stream().anyMatch(FleetInfo.Node::demoTraffic));
    }

    /** Turns demo traffic on the active fleet's serving node on or off. */
    public void setDemo(boolean enabled) {
        FleetSession s = activeSession.get();
        if (s == null || demoBusy.get()) return;
        boolean before = demoEnabled.get();
        demoBusy.set(true);
        demoEnabled.set(enabled);
        background.onFx(s.client().fleet().setDemo(enabled), now -> {
            demoBusy.set(false);
            message.set("Demo traffic " + (now ? "on" : "off") + " for " + s.descriptor().name());
            // the operator may have switched fleets meanwhile: the switch then shows the new fleet
            if (activeSession.get() != s) return;
            demoEnabled.set(now);
            s.refresh();
        }, error -> {
            demoBusy.set(false);
            message.set("Demo traffic unchanged for " + s.descriptor().name() + ": " + ErrorText.of(error));
            if (activeSession.get() == s) demoEnabled.set(before);
        });
    }

    public void toggleTheme() {
        theme.set(theme.get().other());
    }

    public void show(PageDescriptor p) {
        page.set(p);
    }

    /** The page shown; null until the pages are opened, which shows the first. */
    public ReadOnlyObjectProperty<PageDescriptor> pageProperty() { return page; }
    /** The console's theme; a settings page may set it. */
    public ObjectProperty<Theme> themeProperty() { return theme; }
    public ReadOnlyObjectProperty<FleetSession> activeSessionProperty() { return activeSession; }
    /** The selected fleet's connection state; null when no fleet is selected. */
    public ReadOnlyObjectProperty<ConnectionState> stateProperty() { return state; }
    public ReadOnlyStringProperty fleetNameProperty() { return fleetName; }
    /** "admin", "operator" or "read-only": what the console's key may do with the active fleet; empty until known. */
    public ReadOnlyStringProperty roleProperty() { return role; }
    public ReadOnlyStringProperty stateTextProperty() { return stateText; }
    public ReadOnlyStringProperty urlProperty() { return url; }
    public ReadOnlyBooleanProperty demoEnabledProperty() { return demoEnabled; }
    public ReadOnlyBooleanProperty demoBusyProperty() { return demoBusy; }
    public ReadOnlyStringProperty messageProperty() { return message; }
}
