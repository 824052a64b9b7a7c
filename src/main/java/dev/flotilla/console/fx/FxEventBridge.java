package dev.flotilla.console.fx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way events reach views. Producers on any thread {@link #post} items; the bridge gathers
 * them and hands each subscriber one batch per tick on the FX thread: at most one tick per
 * {@code period} (100 ms, so about ten updates a second), exactly one {@code Platform.runLater} per
 * tick, and no new tick while the previous one has not run yet, so a busy FX thread slows delivery
 * down instead of drowning in queued runnables. Nothing here ever waits on the FX thread.
 *
 * <p>Pacing reads {@code nanoTime} ({@code System::nanoTime} in the app), so tests drive it with a
 * clock and a timer of their own instead of waiting.
 *
 * <p>If the FX thread falls far behind, the oldest items beyond {@code capacity} are dropped: views
 * show live state, and a fresh item is worth more than a stale one.
 */
public final class FxEventBridge<T> {

    private static final Logger log = LoggerFactory.getLogger(FxEventBridge.class);
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(100);
    public static final int DEFAULT_CAPACITY = 50_000;

    private final ConcurrentLinkedQueue<T> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final List<Consumer<List<T>>> subscribers = new CopyOnWriteArrayList<>();
    private final Executor fxThread;
    private final ScheduledExecutorService timer;
    private final long periodNanos;
    private final int capacity;
    private final LongSupplier nanoTime;
    private final Object lock = new Object();
    /** True from scheduling a tick until its batch was delivered on the FX thread. */
    private boolean tickInFlight;
    /** When the last tick ran; the first tick need not wait. */
    private long lastTickNanos;
    private volatile boolean closed;

    /**
     * {@code fxThread} is {@code Platform::runLater} in the app; tests pass a counting executor.
     * {@code nanoTime} is {@code System::nanoTime} in the app and must tick at the same rate as {@code timer}.
     */
    public FxEventBridge(Executor fxThread, ScheduledExecutorService timer, Duration period, int capacity, LongSupplier nanoTime) {
        this.fxThread = Objects.requireNonNull(fxThread, "fxThread");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period <= 0: " + period);
        if (capacity < 1) throw new IllegalArgumentException("capacity < 1: " + capacity);
        this.periodNanos = period.toNanos();
        this.capacity = capacity;
        this.lastTickNanos = nanoTime.getAsLong() - periodNanos;
    }

    /** The console's bridge: {@link #DEFAULT_PERIOD}, {@link #DEFAULT_CAPACITY}, paced by {@code System::nanoTime}. */
    public static <T> FxEventBridge<T> withDefaults(Executor fxThread, ScheduledExecutorService timer) {
        return new FxEventBridge<>(fxThread, timer, DEFAULT_PERIOD, DEFAULT_CAPACITY, System::nanoTime);
    }

    /** From any thread; never blocks. */
    public void post(T item) {
        if (closed) return;
        pending.add(Objects.requireNonNull(item, "item"));
        if (size.incrementAndGet() > capacity && pending.poll() != null) size.decrementAndGet();
        scheduleTick();
    }

    /** Ends a subscription; never throws. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Registers a batch consumer, called on the FX thread; returns what unsubscribes it. Close the
     * result on the FX thread to be sure no later batch arrives.
     */
    public Subscription subscribe(Consumer<List<T>> subscriber) {
        subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
        return () -> subscribers.remove(subscriber);
    }

    /** How many subscribers are registered; switching fleets must not make it grow. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** True once the bridge delivers nothing more (closed, or the FX thread or timer is gone). */
    public boolean isClosed() {
        return closed;
    }

    /** Stops delivering; items still pending are dropped. */
    public void close() {
        closed = true;
        subscribers.clear();
        pending.clear();
    }

    private void scheduleTick() {
        long delayNanos;
        synchronized (lock) {
            if (tickInFlight) return;
            tickInFlight = true;
            delayNanos = Math.max(0, lastTickNanos + periodNanos - nanoTime.getAsLong());
        }
        try {
            timer.schedule(this::tick, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the timer stopped (the window closed): a producer must not fail for it, and no tick will come
            closed = true;
            synchronized (lock) {
                tickInFlight = false;
            }
        }
    }

    /** On the timer thread: takes what is pending and hands it to the FX thread in one runnable. */
    private void tick() {
        synchronized (lock) {
            lastTickNanos = nanoTime.getAsLong();
        }
        List<T> batch = drain();
        if (batch.isEmpty() || closed) {
            finishTick();
            return;
        }
        try {
            fxThread.execute(() -> deliver(batch));
        } catch (RuntimeException e) {
            // the FX toolkit is gone (window closed): nothing to deliver to any more
            log.debug("cannot deliver to the FX thread: {}", e.getMessage());
            closed = true;
            finishTick();
        }
    }

    private void deliver(List<T> batch) {
        try {
            for (Consumer<List<T>> s : subscribers) {
                try {
                    s.accept(batch);
                } catch (RuntimeException e) {
                    log.warn("a view failed to take {} events", batch.size(), e);
                }
            }
        } finally {
            finishTick();
        }
    }

    private void finishTick() {
        synchronized (lock) {
            tickInFlight = false;
        }
        if (!pending.isEmpty() && !closed) scheduleTick();
    }

    private List<T> drain() {
        List<T> out = new ArrayList<>(Math.min(size.get(), 4096));
        T item;
        while ((item = pending.poll()) != null) {
            size.decrementAndGet();
            out.add(item);
        }
        return List.copyOf(out);
    }
}
