package dev.flotilla.console.fx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.ManualTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The bridge without a window and without waiting: a {@link ManualTimer} is both its timer and its
 * clock, and the test thread plays the FX thread. The FX executor counts the runnables the bridge
 * hands it (each would be one Platform.runLater); it either runs them at once or holds them until
 * the test runs them, which is how a busy FX thread looks to the bridge.
 */
class FxEventBridgeTest {

    private static final Duration PERIOD = Duration.ofMillis(100);

    private final ManualTimer timer = new ManualTimer();
    private final AtomicInteger runLaters = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> heldByFx = new ConcurrentLinkedQueue<>();
    private final Executor immediateFx = r -> {
        runLaters.incrementAndGet();
        r.run();
    };
    private final Executor busyFx = r -> {
        runLaters.incrementAndGet();
        heldByFx.add(r);
    };

    private <T> FxEventBridge<T> bridge(Executor fx, int capacity) {
        return new FxEventBridge<>(fx, timer, PERIOD, capacity, timer::nanoTime);
    }

    /** The FX thread gets to the runnables it was handed. */
    private void fxCatchesUp() {
        Runnable r;
        while ((r = heldByFx.poll()) != null) r.run();
    }

    @Test
    void postsWithinAPeriodShareOneBatchAndATickWaitsOnlyForWhatIsLeftOfThePeriod() {
        FxEventBridge<Integer> bridge = bridge(immediateFx, 1_000);
        List<List<Integer>> batches = new ArrayList<>();
        bridge.subscribe(batches::add);

        bridge.post(1);
        timer.advance(Duration.ZERO);
        assertThat(batches).containsExactly(List.of(1)); // the first tick need not wait

        timer.advance(Duration.ofMillis(30));
        bridge.post(2);
        bridge.post(3);
        timer.advance(Duration.ofMillis(69));
        assertThat(batches).hasSize(1);
        timer.advance(Duration.ofMillis(1));
        assertThat(batches).containsExactly(List.of(1), List.of(2, 3));

        timer.advance(Duration.ofSeconds(5)); // a quiet spell: the next post goes out at once
        bridge.post(4);
        timer.advance(Duration.ZERO);
        assertThat(batches).containsExactly(List.of(1), List.of(2, 3), List.of(4));
        assertThat(runLaters.get()).isEqualTo(3);
    }

    @Test
    void manyPostsFromManyThreadsArriveWithNothingLostAndAtMostOneTickPerPeriod() throws Exception {
        FxEventBridge<Integer> bridge = bridge(immediateFx, 1_000_000);
        List<Integer> received = new ArrayList<>(); // touched only on the test thread, which runs the ticks
        List<Long> tickTimes = new ArrayList<>();
        bridge.subscribe(batch -> {
            tickTimes.add(timer.nanoTime());
            received.addAll(batch);
        });
        int threads = 4;
        int perThread = 25_000;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) bridge.post(base + i);
                done.countDown();
            });
        }
        // ticks run while the producers still post
        while (!done.await(0, TimeUnit.MILLISECONDS)) timer.advance(Duration.ofMillis(10));
        timer.advance(PERIOD.multipliedBy(2));

        assertThat(received).hasSize(threads * perThread);
        assertThat(received.stream().distinct().count()).isEqualTo((long) threads * perThread);
        assertThat(runLaters.get()).isEqualTo(tickTimes.size());
        for (int i = 1; i < tickTimes.size(); i++) {
            assertThat(tickTimes.get(i) - tickTimes.get(i - 1)).isGreaterThanOrEqualTo(PERIOD.toNanos());
        }
    }

    @Test
    void itemsFromOneProducerKeepTheirOrder() {
        FxEventBridge<Integer> bridge = bridge(immediateFx, 1_000_000);
        List<Integer> received = new ArrayList<>();
        bridge.subscribe(received::addAll);
        for (int i = 0; i < 10_000; i++) {
            bridge.post(i);
            if (i % 1_000 == 0) timer.advance(Duration.ofMillis(70));
        }
        timer.advance(PERIOD);
        assertThat(received).hasSize(10_000).isSorted();
        assertThat(runLaters.get()).isGreaterThan(1);
    }

    @Test
    void noNewTickIsHandedOverWhileTheFxThreadIsStillBusyWithThePreviousOne() {
        FxEventBridge<Integer> bridge = bridge(busyFx, 1_000_000);
        AtomicInteger delivered = new AtomicInteger();
        bridge.subscribe(batch -> delivered.addAndGet(batch.size()));
        bridge.post(1);
        timer.advance(Duration.ZERO);
        assertThat(runLaters.get()).isEqualTo(1);

        // the FX thread is stuck in a slow layout pass for ten periods: no tick is handed over, nor even waits
        for (int i = 0; i < 1_000; i++) bridge.post(i);
        timer.advance(PERIOD.multipliedBy(10));
        assertThat(runLaters.get()).isEqualTo(1);
        assertThat(timer.scheduled()).isZero();

        fxCatchesUp();
        timer.advance(Duration.ZERO); // the period is long over: what piled up goes at once
        fxCatchesUp();
        assertThat(delivered.get()).isEqualTo(1_001);
        assertThat(runLaters.get()).isEqualTo(2);
    }

    @Test
    void whenTheFxThreadFallsFarBehindTheOldestItemsAreDropped() {
        FxEventBridge<Integer> bridge = bridge(busyFx, 100);
        List<Integer> received = new ArrayList<>();
        bridge.subscribe(received::addAll);
        bridge.post(-1);
        timer.advance(Duration.ZERO);
        assertThat(runLaters.get()).isEqualTo(1);
        for (int i = 0; i < 1_000; i++) bridge.post(i);

        fxCatchesUp();
        timer.advance(PERIOD);
        fxCatchesUp();
        assertThat(received).hasSize(101);
        assertThat(received.get(1)).isEqualTo(900);
        assertThat(received.getLast()).isEqualTo(999);
    }
}
