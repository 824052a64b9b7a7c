package dev.flotilla.console.feature.keys;

import dev.flotilla.console.fleet.KeyRole;
import dev.flotilla.console.fleet.KeyInfo;
import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.api.KeysApi;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Confirmation;
import dev.flotilla.console.page.FleetLoad;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Keys page: the key this console uses for the fleet (its role, "read-only" for a viewer), and
 * for an admin the fleet's managed keys: create (the secret is handed to the view once, in
 * {@link #issuedProperty()}, to show and copy), rotate and revoke, each confirmed by the view.
 * FX thread only.
 */
public final class KeysViewModel extends PageViewModel {

    static final String NO_FLEET = "No fleet selected: pick one in the sidebar";
    static final String LOADING = "Loading keys…";
    static final String NONE = "No managed keys yet: create one with New key…";
    static final String NOT_ADMIN = "Only an admin key can list and manage keys; ask an admin for one.";
    static final String UNSUPPORTED = "This fleet's nodes run an older Flotilla version without managed keys; update them to manage keys here.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.@-]{0,63}");
    private static final Pattern TOOL_ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private final Clock clock;
    private final ObservableList<KeyInfo> keys = FXCollections.observableArrayList();
    private final StringProperty selectedId = new SimpleStringProperty();
    private final ObjectProperty<KeyInfo> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<KeyRole> me = new SimpleObjectProperty<>();
    private final StringProperty roleText = new SimpleStringProperty("");
    private final BooleanProperty admin = new SimpleBooleanProperty();
    private final BooleanProperty working = new SimpleBooleanProperty();
    private final StringProperty emptyText = new SimpleStringProperty(NO_FLEET);
    private final ObjectProperty<KeyInfo> issued = new SimpleObjectProperty<>();
    private final BooleanBinding canAct = Bindings.createBooleanBinding(
            () -> admin.get() && !working.get() && selected.get() != null && selected.get().active(), admin, working, selected);
    private final BooleanBinding canCreate = Bindings.createBooleanBinding(() -> admin.get() && !working.get(), admin, working);
    private final FleetLoad<KeyRole> whoami;
    private final FleetLoad<List<KeyInfo>> list;

    public KeysViewModel(BackgroundExecutor background, Clock clock) {
        super(background);
        this.clock = clock;
        this.whoami = load(s -> s.client().keys().whoami(), this::identified, e -> {
            roleText.set(ErrorText.unsupported(e) ? "role unknown (older node)" : "role unknown");
            admin.set(false);
            emptyText.set(ErrorText.unsupported(e) ? UNSUPPORTED : "Cannot tell this key's role: " + ErrorText.of(e));
        });
        this.list = load(s -> s.client().keys().list(), this::listed,
                e -> emptyText.set(ErrorText.unsupported(e) ? UNSUPPORTED : "Cannot list keys: " + ErrorText.of(e)));
        selectedId.addListener((o, was, now) -> selected.set(now == null ? null : find(now).orElse(null)));
    }

    @Override
    protected void onSession(FleetSession session) {
        keys.clear();
        selectedId.set(null);
        me.set(null);
        admin.set(false);
        working.set(false);
        issued.set(null);
        roleText.set("");
        emptyText.set(session == null ? NO_FLEET : LOADING);
        if (session != null) whoami.request();
    }

    @Override
    protected void handle(List<FleetSignal> batch) {}

    @Override
    protected void onReconnected() {
        reload();
    }

    public void reload() {
        if (session() == null) return;
        whoami.request();
    }

    private void identified(KeyRole who) {
        me.set(who);
        roleText.set(describe(who));
        admin.set(who.allows("admin"));
        if (admin.get()) {
            list.request();
        } else {
            keys.clear();
            emptyText.set(NOT_ADMIN);
        }
    }

    /** "admin", "operator" or "read-only", with the key's name. */
    static String describe(KeyRole who) {
        String role = "viewer".equals(who.role()) ? "read-only" : who.role();
        return "This console uses the key '" + who.keyName() + "': " + role;
    }

    private void listed(List<KeyInfo> found) {
        if (!found.equals(keys)) keys.setAll(found);
        emptyText.set(NONE);
        String id = selectedId.get();
        if (id != null) {
            Optional<KeyInfo> still = find(id);
            if (still.isEmpty()) selectedId.set(null);
            else selected.set(still.get());
        }
    }

    private Optional<KeyInfo> find(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    public void select(String id) {
        selectedId.set(id);
    }

    /**
     * Why the form's values cannot make a key, or empty when they can. {@code extraToolRoles}: comma
     * separated; {@code expiresInDays}: blank for never.
     */
    public Optional<String> problem(String name, String role, String toolRole, String extraToolRoles, String expiresInDays) {
        if (name == null || !NAME.matcher(name.strip()).matches()) return Optional.of("Name: 1-64 letters, digits, spaces or _.@-");
        if (!List.of("viewer", "operator", "admin").contains(role)) return Optional.of("Role: viewer, operator or admin");
        if (toolRole != null && !toolRole.isBlank() && !TOOL_ROLE.matcher(toolRole.strip()).matches()) {
            return Optional.of("Tool role: lower case letters, digits, _ and -");
        }
        for (String t : split(extraToolRoles)) {
            if (!TOOL_ROLE.matcher(t).matches() && !"*".equals(t)) return Optional.of("Other tool roles: '" + t + "' is not a tool role");
        }
        if (expiresInDays != null && !expiresInDays.isBlank()) {
            try {
                int d = Integer.parseInt(expiresInDays.strip());
                if (d < 1 || d > 3650) return Optional.of("Expires in: 1 to 3650 days, or blank for never");
            } catch (NumberFormatException e) {
                return Optional.of("Expires in: a whole number of days, or blank for never");
            }
        }
        return Optional.empty();
    }

    /** Creates a key from the form (the view checked {@link #problem} first); its secret arrives in {@link #issuedProperty()}. */
    public void create(String name, String role, String toolRole, String extraToolRoles, String expiresInDays) {
        FleetSession session = session();
        if (session == null || !canCreate.get() || problem(name, role, toolRole, extraToolRoles, expiresInDays).isPresent()) return;
        Instant expires = expiresInDays == null || expiresInDays.isBlank() ? null
                : clock.instant().plus(Duration.ofDays(Integer.parseInt(expiresInDays.strip())));
        KeysApi.NewKey spec = new KeysApi.NewKey(name.strip(), role, toolRole == null || toolRole.isBlank() ? null : toolRole.strip(),
                split(extraToolRoles), expires);
        command(session, "Creating key " + spec.name() + "…", session.client().keys().create(spec), "Key " + spec.name() + " created",
                "Creating key " + spec.name() + " failed: ");
    }

    public Optional<Confirmation> rotateConfirmation(String id) {
        return find(id).map(k -> new Confirmation("Rotate key", "Rotate the key '" + k.name() + "'?",
                "A new secret is made and shown once; the current secret stops working on every node within seconds."
                        + " Whoever uses it needs the new one.", "Rotate"));
    }

    public Optional<Confirmation> revokeConfirmation(String id) {
        return find(id).map(k -> new Confirmation("Revoke key", "Revoke the key '" + k.name() + "'?",
                "It stops working on every node within seconds, for good (role " + k.role() + "). This cannot be undone.", "Revoke"));
    }

    public void rotate(String id) {
        FleetSession session = session();
        if (session == null || !canCreate.get() || find(id).isEmpty()) return;
        String name = find(id).get().name();
        command(session, "Rotating key " + name + "…", session.client().keys().rotate(id), "Key " + name + " rotated",
                "Rotating key " + name + " failed: ");
    }

    public void revoke(String id) {
        FleetSession session = session();
        if (session == null || !canCreate.get() || find(id).isEmpty()) return;
        String name = find(id).get().name();
        command(session, "Revoking key " + name + "…", session.client().keys().revoke(id), "Key " + name + " revoked",
                "Revoking key " + name + " failed: ");
    }

    private void command(FleetSession session, String progress, CompletableFuture<KeyInfo> call, String done, String failed) {
        working.set(true);
        showMessage(progress);
        onAnswer(session, call, key -> {
            working.set(false);
            showMessage(done);
            if (key.key() != null) issued.set(key);
            list.request();
        }, error -> {
            working.set(false);
            actionFailed(failed + ErrorText.of(error));
            list.request();
        });
    }

    /** The view showed the secret; it is forgotten here. */
    public void secretShown() {
        issued.set(null);
    }

    private static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        if (csv == null) return out;
        for (String s : csv.split(",")) if (!s.isBlank()) out.add(s.strip());
        return out;
    }

    public ObservableList<KeyInfo> keys() { return keys; }
    public ReadOnlyStringProperty selectedIdProperty() { return selectedId; }
    public ReadOnlyObjectProperty<KeyInfo> selectedProperty() { return selected; }
    public ReadOnlyObjectProperty<KeyRole> meProperty() { return me; }
    /** The role of the key this console uses, in words. */
    public ReadOnlyStringProperty roleTextProperty() { return roleText; }
    public ReadOnlyBooleanProperty adminProperty() { return admin; }
    public ReadOnlyBooleanProperty workingProperty() { return working; }
    public BooleanBinding canActBinding() { return canAct; }
    public BooleanBinding canCreateBinding() { return canCreate; }
    public ReadOnlyStringProperty emptyTextProperty() { return emptyText; }
    /** A key just created or rotated, with its secret, until the view has shown it. */
    public ReadOnlyObjectProperty<KeyInfo> issuedProperty() { return issued; }
}
