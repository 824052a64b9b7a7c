package dev.flotilla.console.feature.audit;

import dev.flotilla.console.fleet.AuditRecord;
import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.api.AuditApi;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Audit page: the fleet's audit log newest first, filtered by actor, action (a trailing
 * {@code *} matches a prefix) and days, a page at a time ({@link #more()} appends the next); the
 * chain's state ("verified through #N", or the broken entry); and the export to a file with its
 * progress. FX thread only.
 */
public final class AuditViewModel extends PageViewModel {

    static final int PAGE = 200;
    static final String NO_FLEET = "No fleet selected: pick one in the sidebar";
    static final String LOADING = "Loading the audit log…";
    static final String NONE = "Nothing recorded yet: key, node, dead-letter and demo changes appear here";
    static final String NO_MATCH = "No entry matches these filters";
    static final String UNSUPPORTED = "This fleet's nodes run an older Flotilla version without an audit log; update them to see it.";

    private final ObservableList<AuditRecord> entries = FXCollections.observableArrayList();
    private final StringProperty actor = new SimpleStringProperty("");
    private final StringProperty action = new SimpleStringProperty("");
    private final StringProperty fromDay = new SimpleStringProperty("");
    private final StringProperty toDay = new SimpleStringProperty("");
    private final StringProperty chain = new SimpleStringProperty("");
    private final BooleanProperty chainBroken = new SimpleBooleanProperty();
    private final StringProperty emptyText = new SimpleStringProperty(NO_FLEET);
    private final BooleanProperty hasMore = new SimpleBooleanProperty();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final BooleanProperty exporting = new SimpleBooleanProperty();
    private final DoubleProperty exportProgress = new SimpleDoubleProperty();
    private Long nextBefore;
    private int generation;

    public AuditViewModel(BackgroundExecutor background) {
        super(background);
    }

    @Override
    protected void onSession(FleetSession session) {
        entries.clear();
        nextBefore = null;
        hasMore.set(false);
        loading.set(false);
        exporting.set(false);
        exportProgress.set(0);
        chain.set("");
        chainBroken.set(false);
        emptyText.set(session == null ? NO_FLEET : LOADING);
        if (session != null) reload();
    }

    @Override
    protected void handle(List<FleetSignal> batch) {}

    @Override
    public Optional<Duration> tickEvery() {
        return Optional.of(Duration.ofSeconds(15));
    }

    /** While shown, the chain's state is checked again now and then (a verify reads the whole chain: not often). */
    @Override
    public void tick() {
        verify();
    }

    /** Why the filters cannot be used, or empty when they can. */
    public Optional<String> filterProblem() {
        try {
            day(fromDay.get());
            day(toDay.get());
            return Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.of("Dates are written 2026-12-31");
        }
    }

    /** The first page under the current filters, and the chain's state. */
    public void reload() {
        FleetSession session = session();
        if (session == null) return;
        Optional<String> problem = filterProblem();
        if (problem.isPresent()) {
            showError(problem.get());
            return;
        }
        clearMessage();
        nextBefore = null;
        fetch(session, true);
        verify();
    }

    /** The next page under the same filters, after what is shown. */
    public void more() {
        FleetSession session = session();
        if (session == null || !hasMore.get() || loading.get()) return;
        fetch(session, false);
    }

    private void fetch(FleetSession session, boolean fresh) {
        int asked = ++generation;
        loading.set(true);
        Instant from = day(fromDay.get());
        Instant to = day(toDay.get());
        AuditApi.Query q = new AuditApi.Query(actor.get(), action.get(), from,
                to == null ? null : to.plus(Duration.ofDays(1)), fresh ? null : nextBefore, PAGE);
        onAnswer(session, session.client().audit().page(q), page -> {
            if (asked != generation) return; // filters changed meanwhile: a newer page is coming
            loading.set(false);
            if (fresh) entries.setAll(page.entries());
            else entries.addAll(page.entries());
            nextBefore = page.nextBefore();
            hasMore.set(nextBefore != null && !page.entries().isEmpty());
            boolean filtered = !isBlank(actor.get()) || !isBlank(action.get()) || from != null || to != null;
            emptyText.set(filtered ? NO_MATCH : NONE);
        }, error -> {
            if (asked != generation) return;
            loading.set(false);
            emptyText.set(ErrorText.unsupported(error) ? UNSUPPORTED : "Cannot read the audit log: " + ErrorText.of(error));
        });
    }

    private void verify() {
        FleetSession session = session();
        if (session == null) return;
        onAnswer(session, session.client().audit().verify(), v -> {
            chainBroken.set(!v.ok());
            chain.set(describe(v));
        }, error -> {
            chainBroken.set(false);
            chain.set(ErrorText.unsupported(error) ? "" : "Chain not checked: " + ErrorText.of(error));
        });
    }

    static String describe(AuditApi.Verdict v) {
        if (v.ok()) return v.verifiedThrough() == 0 ? "Chain intact (empty)" : "Chain intact: verified through #" + v.verifiedThrough();
        return "Chain BROKEN at entry #" + v.firstBroken() + (v.problem() == null ? "" : ": " + v.problem())
                + " (verified through #" + v.verifiedThrough() + ")";
    }

    /** Writes the whole log (JSON Lines, the chain fields included) to {@code file}, showing its progress. */
    public void export(Path file) {
        FleetSession session = session();
        if (session == null || exporting.get()) return;
        exporting.set(true);
        exportProgress.set(0);
        showMessage("Exporting the audit log to " + file.getFileName() + "…");
        // progress arrives on the client's thread: the background executor brings it to the FX thread
        // (at most one hop per percent, not one per chunk read)
        java.util.concurrent.atomic.AtomicLong shownPercent = new java.util.concurrent.atomic.AtomicLong(-1);
        AuditApi.Progress progress = (done, total) -> {
            long percent = total == 0 ? 100 : done * 100 / total;
            if (shownPercent.getAndSet(percent) == percent) return;
            background().onFx(java.util.concurrent.CompletableFuture.completedFuture(percent / 100.0), exportProgress::set, e -> { });
        };
        onAnswer(session, session.client().audit().export(file, progress), n -> {
            exporting.set(false);
            exportProgress.set(1);
            showMessage("Exported " + n + (n == 1 ? " entry" : " entries") + " to " + file
                    + "; check it anywhere with: flotilla-node audit verify " + file.getFileName());
        }, error -> {
            exporting.set(false);
            actionFailed("Export failed: " + ErrorText.of(error));
        });
    }

    private static Instant day(String text) {
        if (isBlank(text)) return null;
        return LocalDate.parse(text.strip()).atStartOfDay(ZoneId.systemDefault()).toInstant();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    public ObservableList<AuditRecord> entries() { return entries; }
    /** Key name or key id. */
    public StringProperty actorProperty() { return actor; }
    /** An action, e.g. {@code key.revoked}, or a prefix ending in {@code *}. */
    public StringProperty actionProperty() { return action; }
    /** First day shown (yyyy-MM-dd), blank for no bound. */
    public StringProperty fromDayProperty() { return fromDay; }
    /** Last day shown (yyyy-MM-dd), blank for no bound. */
    public StringProperty toDayProperty() { return toDay; }
    public ReadOnlyStringProperty chainProperty() { return chain; }
    public ReadOnlyBooleanProperty chainBrokenProperty() { return chainBroken; }
    public ReadOnlyStringProperty emptyTextProperty() { return emptyText; }
    public ReadOnlyBooleanProperty hasMoreProperty() { return hasMore; }
    public ReadOnlyBooleanProperty loadingProperty() { return loading; }
    public ReadOnlyBooleanProperty exportingProperty() { return exporting; }
    /** 0 to 1 while exporting. */
    public ReadOnlyDoubleProperty exportProgressProperty() { return exportProgress; }
}
