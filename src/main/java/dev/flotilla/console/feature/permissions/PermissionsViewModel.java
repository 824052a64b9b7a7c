package dev.flotilla.console.feature.permissions;

import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetApiException;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.ToolPolicyDryRun;
import dev.flotilla.console.fleet.ToolPolicyVersion;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Confirmation;
import dev.flotilla.console.page.FleetLoad;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.text.NumberFormat;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionException;
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
 * The permissions page: the tool policy in force as a draft to edit (tools × tool roles), every
 * edit undoable until the draft is published, the draft's problems and its changes in words, a dry
 * run of it against the last calls, publish with a comment, and the version history with rollback.
 * FX thread only.
 */
public final class PermissionsViewModel extends PageViewModel {

    /** Rows the matrix has even when no grant names them: the tools every node has. */
    static final List<String> BUILT_IN_TOOLS = List.of("clock", "word_count");
    static final int DRY_RUN_RUNS = 1_000;
    static final String NO_FLEET = "No fleet selected: pick one in the sidebar";
    static final String LOADING = "Loading the tool policy…";
    static final String UNSUPPORTED = "This fleet's nodes run an older Flotilla version without tool permissions;"
            + " update them to edit who may call which tool.";

    /** The version in force and the history, fetched together. */
    record Loaded(ToolPolicyVersion current, List<ToolPolicyVersion> versions) {}

    private final ObjectProperty<PolicyDraft> draft = new SimpleObjectProperty<>();
    private final ObjectProperty<ToolPolicyVersion> base = new SimpleObjectProperty<>();
    private PolicyDraft baseDraft;
    private final ObservableList<String> tools = FXCollections.observableArrayList();
    private final ObservableList<String> roles = FXCollections.observableArrayList();
    private final ObservableList<ToolPolicyVersion> versions = FXCollections.observableArrayList();
    private final ObservableList<String> changes = FXCollections.observableArrayList();
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final StringProperty dryRunText = new SimpleStringProperty("");
    private final StringProperty comment = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty(NO_FLEET);
    private final BooleanProperty working = new SimpleBooleanProperty();
    private final BooleanProperty dirty = new SimpleBooleanProperty();
    private final BooleanProperty canUndo = new SimpleBooleanProperty();
    private final BooleanProperty canRedo = new SimpleBooleanProperty();
    private final Deque<PolicyDraft> undo = new ArrayDeque<>();
    private final Deque<PolicyDraft> redo = new ArrayDeque<>();
    /** The last edit's target, so typing in one field is one undo step, not one per key. */
    private String lastEditKey;
    private final BooleanBinding canPublish = Bindings.createBooleanBinding(
            () -> dirty.get() && !working.get() && problems.isEmpty() && !comment.get().isBlank(), dirty, working, problems, comment);
    private final BooleanBinding canDryRun = Bindings.createBooleanBinding(
            () -> draft.get() != null && !working.get() && problems.isEmpty(), draft, working, problems);
    private final FleetLoad<Loaded> load;

    public PermissionsViewModel(BackgroundExecutor background) {
        super(background);
        this.load = load(s -> s.client().toolPolicy().current().thenCombine(s.client().toolPolicy().versions(), Loaded::new),
                this::loaded, this::notLoaded);
    }

    @Override
    protected void onSession(FleetSession session) {
        undo.clear();
        redo.clear();
        lastEditKey = null;
        base.set(null);
        baseDraft = null;
        setDraft(null);
        versions.clear();
        dryRunText.set("");
        comment.set("");
        working.set(false);
        status.set(session == null ? NO_FLEET : LOADING);
        if (session != null) reload();
    }

    @Override
    protected void handle(List<FleetSignal> batch) {
        // the policy raises no fleet events: it is read when the page is shown and after each command
    }

    @Override
    protected void onShown(boolean now) {
        if (now && session() != null) reload();
    }

    public void reload() {
        load.request();
    }

    private void loaded(Loaded l) {
        versions.setAll(l.versions());
        ToolPolicyVersion was = base.get();
        if (draft.get() != null && dirty.get() && was != null && was.version() != l.current().version()) {
            // someone published while this draft was being edited: keep the edits, say what publishing will meet
            status.set("Version " + l.current().version() + " was published meanwhile" + by(l.current())
                    + "; your draft is based on version " + was.version() + ". Publishing will be refused: discard the draft to start from it.");
            return;
        }
        base.set(l.current());
        baseDraft = PolicyDraft.of(l.current().policy(), BUILT_IN_TOOLS);
        if (!dirty.get()) {
            undo.clear();
            redo.clear();
            setDraft(baseDraft);
        } else {
            setDraft(draft.get());
        }
        status.set(statusOf(l.current()));
    }

    private void notLoaded(Throwable error) {
        status.set(ErrorText.unsupported(error) ? UNSUPPORTED : "Cannot read the tool policy: " + ErrorText.of(error));
    }

    static String statusOf(ToolPolicyVersion v) {
        if (v.version() == 0) return "Version 0 in force: the built-in defaults (nothing published yet)";
        return "Version " + v.version() + " in force" + by(v) + (v.comment() == null || v.comment().isBlank() ? "" : ": " + v.comment());
    }

    private static String by(ToolPolicyVersion v) {
        return v.publishedBy() == null ? "" : ", published by " + v.publishedBy();
    }

    // editing

    /** Deny → allow → needs approval → deny for one cell. */
    public void cycle(String tool, String role) {
        edit(null, d -> d.cycled(tool, role));
    }

    public void setKind(String tool, String role, CellKind kind) {
        edit(null, d -> d.withKind(tool, role, kind));
    }

    /** Sets or (with null) removes one argument's constraint; typing into one field is one undo step. */
    public void setConstraint(String tool, String role, String argument, ConstraintDraft c) {
        edit(tool + "\u0000" + role + "\u0000" + argument, d -> {
            GrantDraft g = Objects.requireNonNullElse(d.grant(tool, role), GrantDraft.PLAIN);
            return d.withGrant(tool, role, g.withConstraint(argument, c));
        });
    }

    /** Adds an argument to constrain (a new constraint starts empty, a problem until a part is filled in). */
    public void addConstraint(String tool, String role, String argument) {
        if (argument == null || argument.isBlank()) return;
        PolicyDraft d = draft.get();
        if (d == null) return;
        GrantDraft g = d.grant(tool, role);
        if (g != null && g.constraints().containsKey(argument.strip())) return;
        setConstraint(tool, role, argument.strip(), ConstraintDraft.EMPTY);
        lastEditKey = null;
    }

    public void setApproval(String tool, String role, boolean on) {
        edit(null, d -> d.withKind(tool, role, on ? CellKind.APPROVAL : CellKind.ALLOW));
    }

    /** Adds a row; false (with the reason shown) for a name that is not a tool name. */
    public boolean addTool(String name) {
        return tryEdit(() -> edit(null, d -> d.withTool(name == null ? "" : name.strip())));
    }

    /** Adds a column; false (with the reason shown) for a name that is not a role name. */
    public boolean addRole(String name) {
        return tryEdit(() -> edit(null, d -> d.withRole(name == null ? "" : name.strip())));
    }

    private boolean tryEdit(Runnable edit) {
        try {
            edit.run();
            return true;
        } catch (IllegalArgumentException e) {
            showError(e.getMessage());
            return false;
        }
    }

    private void edit(String key, java.util.function.UnaryOperator<PolicyDraft> change) {
        PolicyDraft now = draft.get();
        if (now == null || working.get()) return;
        PolicyDraft next = change.apply(now);
        if (next.equals(now)) return;
        if (key == null || !key.equals(lastEditKey)) undo.push(now);
        lastEditKey = key;
        redo.clear();
        setDraft(next);
        dryRunText.set("");
    }

    public void undo() {
        if (undo.isEmpty() || working.get()) return;
        redo.push(draft.get());
        lastEditKey = null;
        setDraft(undo.pop());
        dryRunText.set("");
    }

    public void redo() {
        if (redo.isEmpty() || working.get()) return;
        undo.push(draft.get());
        lastEditKey = null;
        setDraft(redo.pop());
        dryRunText.set("");
    }

    /** Back to the version in force; itself undoable. */
    public void discardDraft() {
        if (baseDraft == null || !dirty.get()) return;
        edit(null, d -> baseDraft);
        reload();
    }

    private void setDraft(PolicyDraft d) {
        draft.set(d);
        if (d == null) {
            tools.clear();
            roles.clear();
            changes.clear();
            problems.clear();
            dirty.set(false);
        } else {
            if (!tools.equals(d.tools())) tools.setAll(d.tools());
            if (!roles.equals(d.roles())) roles.setAll(d.roles());
            changes.setAll(baseDraft == null ? List.of() : d.changesFrom(baseDraft));
            problems.setAll(d.problems());
            dirty.set(baseDraft != null && !d.samePolicy(baseDraft));
        }
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
    }

    // commands

    /** Replays the last {@value #DRY_RUN_RUNS} runs' tool calls against the draft. */
    public void dryRun() {
        FleetSession session = session();
        PolicyDraft d = draft.get();
        if (session == null || d == null || !canDryRun.get()) return;
        working.set(true);
        dryRunText.set("Replaying the last " + format(DRY_RUN_RUNS) + " runs' tool calls against the draft…");
        onAnswer(session, session.client().toolPolicy().dryRun(d.toJson(), DRY_RUN_RUNS), r -> {
            working.set(false);
            if (d.equals(draft.get())) dryRunText.set(dryRunWords(r));
        }, error -> {
            working.set(false);
            dryRunText.set("");
            actionFailed("Dry run failed: " + ErrorText.of(error));
        });
    }

    /** "This change would have refused 14 and allowed 2 of the last 1,000 calls (312 runs)." */
    static String dryRunWords(ToolPolicyDryRun r) {
        if (r.calls() == 0) return "No tool calls recorded yet: nothing to replay the draft against.";
        String of = " of the last " + format(r.calls()) + (r.calls() == 1 ? " call" : " calls") + " (" + format(r.runs())
                + (r.runs() == 1 ? " run" : " runs") + ")";
        if (r.allowedToRefused() == 0 && r.refusedToAllowed() == 0 && r.otherChanges() == 0) {
            return "This change would have decided every one" + of + " as version " + r.againstVersion() + " did.";
        }
        StringBuilder s = new StringBuilder("This change would have refused ").append(format(r.allowedToRefused()))
                .append(" and allowed ").append(format(r.refusedToAllowed())).append(of);
        if (r.otherChanges() > 0) s.append("; ").append(format(r.otherChanges())).append(" more would change whether they need approval");
        return s.append('.').toString();
    }

    private static String format(long n) {
        return NumberFormat.getIntegerInstance(Locale.US).format(n);
    }

    /** Publishes the draft with the comment on top of the version it started from. */
    public void publish() {
        FleetSession session = session();
        PolicyDraft d = draft.get();
        ToolPolicyVersion from = base.get();
        if (session == null || d == null || from == null || !canPublish.get()) return;
        working.set(true);
        showMessage("Publishing…");
        onAnswer(session, session.client().toolPolicy().publish(d.toJson(), comment.get().strip(), from.version()), v -> {
            working.set(false);
            comment.set("");
            undo.clear();
            redo.clear();
            dirty.set(false); // what was the draft is now the version in force
            showMessage("Version " + v.version() + " published; every node enforces it within a heartbeat");
            reload();
        }, error -> {
            working.set(false);
            actionFailed(conflict(error) ? "Not published: someone published a new version meanwhile; discard the draft to start from"
                    + " the version in force, then make your changes again" : "Publishing failed: " + ErrorText.of(error));
            reload();
        });
    }

    private static boolean conflict(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof FleetApiException api && api.status() == 409;
    }

    public Confirmation rollbackConfirmation(ToolPolicyVersion to) {
        ToolPolicyVersion now = base.get();
        return new Confirmation("Roll back tool policy", "Roll back to version " + to.version() + "?",
                "Its grants are published again as a new version" + (now == null ? "" : " on top of version " + now.version())
                        + "; every node enforces them within a heartbeat." + (dirty.get() ? " Your unpublished draft is discarded." : ""),
                "Roll back");
    }

    /** Publishes version {@code to}'s grants again; the view has asked for confirmation. */
    public void rollback(ToolPolicyVersion to) {
        FleetSession session = session();
        if (session == null || to == null || working.get()) return;
        working.set(true);
        showMessage("Rolling back to version " + to.version() + "…");
        onAnswer(session, session.client().toolPolicy().rollback(to.version(), comment.get()), v -> {
            working.set(false);
            comment.set("");
            undo.clear();
            redo.clear();
            dirty.set(false);
            showMessage("Rolled back: version " + v.version() + " has the grants of version " + to.version());
            reload();
        }, error -> {
            working.set(false);
            actionFailed("Rollback failed: " + ErrorText.of(error));
            reload();
        });
    }

    public ReadOnlyObjectProperty<PolicyDraft> draftProperty() { return draft; }
    public ReadOnlyObjectProperty<ToolPolicyVersion> baseProperty() { return base; }
    /** The matrix's rows: tool names, {@code *} first. */
    public ObservableList<String> tools() { return tools; }
    /** The matrix's columns: tool roles. */
    public ObservableList<String> roles() { return roles; }
    public ObservableList<ToolPolicyVersion> versions() { return versions; }
    /** The draft's changes from the version in force, in words. */
    public ObservableList<String> changes() { return changes; }
    /** What keeps the draft from being published. */
    public ObservableList<String> problems() { return problems; }
    public ReadOnlyStringProperty dryRunTextProperty() { return dryRunText; }
    public StringProperty commentProperty() { return comment; }
    public ReadOnlyStringProperty statusProperty() { return status; }
    public ReadOnlyBooleanProperty workingProperty() { return working; }
    public ReadOnlyBooleanProperty dirtyProperty() { return dirty; }
    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo; }
    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo; }
    public BooleanBinding canPublishBinding() { return canPublish; }
    public BooleanBinding canDryRunBinding() { return canDryRun; }
}
