package dev.flotilla.console.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge without a window: a single-thread executor stands in for the FX thread and counts
 * the runnables the bridge hands it (each would be one Platform.runLater).
 */
class FxEventBridgeTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService fakeFx = Executors.newSingleThreadExecutor();
    private final AtomicInteger runLaters = new AtomicInteger();
    private final Executor countingFx = r -> {
        runLaters.incrementAndGet();
        fakeFx.execute(r);
    };

    @AfterEach
    void stop() {
        timer.shutdownNow();
        fakeFx.shutdownNow();
    }

    @Test
    void manyPostsFromManyThreadsArriveInFewBatchesWithNothingLost() throws Exception {
        FxEventBridge<Integer> bridge = new FxEventBridge<>(countingFx, timer, Duration.ofMillis(100), 1_000_000);
        List<Integer> received = new ArrayList<>(); // touched only on the fake FX thread
        AtomicInteger batches = new AtomicInteger();
        bridge.subscribe(batch -> {
            batches.incrementAndGet();
            received.addAll(batch);
        });
        int threads = 4;
        int perThread = 25_000;
        long start = System.nanoTime();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) bridge.post(base + i);
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        waitFor(5, TimeUnit.SECONDS, () -> fakeFx.submit(received::size).get() == threads * perThread);
        double seconds = (System.nanoTime() - start) / 1e9;

        // one runLater per tick, at most ten ticks a second (plus the first, which need not wait)
        assertThat(runLaters.get()).isEqualTo(batches.get());
        assertThat(batches.get()).isLessThanOrEqualTo((int) Math.ceil(seconds * 10) + 1);
        assertThat(batches.get()).isLessThan(threads * perThread / 100);
        assertThat(fakeFx.submit(() -> received.stream().distinct().count()).get()).isEqualTo((long) threads * perThread);
    }

    @Test
    void itemsFromOneProducerKeepTheirOrder() throws Exception {
        FxEventBridge<Integer> bridge = new FxEventBridge<>(countingFx, timer, Duration.ofMillis(20), 1_000_000);
        List<Integer> received = new ArrayList<>();
        bridge.subscribe(received::addAll);
        for (int i = 0; i < 10_000; i++) bridge.post(i);
        waitFor(5, TimeUnit.SECONDS, () -> fakeFx.submit(received::size).get() == 10_000);
        assertThat(fakeFx.submit(() -> List.copyOf(received)).get()).isSorted();
    }

    @Test
    void noNewTickIsHandedOverWhileTheFxThreadIsStillBusyWithThePreviousOne() throws Exception {
        FxEventBridge<Integer> bridge = new FxEventBridge<>(countingFx, timer, Duration.ofMillis(10), 1_000_000);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger delivered = new AtomicInteger();
        bridge.subscribe(batch -> {
            try {
                release.await(); // the FX thread is stuck in a slow layout pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.addAndGet(batch.size());
        });
        bridge.post(1);
        waitFor(5, TimeUnit.SECONDS, () -> runLaters.get() == 1);
        for (int i = 0; i < 1_000; i++) bridge.post(i);
        // ten periods later the stuck tick is still the only one handed over
        waitFor(5, TimeUnit.SECONDS, () -> timer.schedule(() -> true, 100, TimeUnit.MILLISECONDS).get());
        assertThat(runLaters.get()).isEqualTo(1);
        release.countDown();
        waitFor(5, TimeUnit.SECONDS, () -> delivered.get() == 1_001);
        assertThat(runLaters.get()).isEqualTo(2);
    }

    @Test
    void whenTheFxThreadFallsFarBehindTheOldestItemsAreDropped() throws Exception {
        FxEventBridge<Integer> bridge = new FxEventBridge<>(countingFx, timer, Duration.ofMillis(10), 100);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> received = new ArrayList<>();
        bridge.subscribe(batch -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.addAll(batch);
        });
        bridge.post(-1);
        waitFor(5, TimeUnit.SECONDS, () -> runLaters.get() == 1);
        for (int i = 0; i < 1_000; i++) bridge.post(i);
        release.countDown();
        waitFor(5, TimeUnit.SECONDS, () -> fakeFx.submit(received::size).get() == 101);
        assertThat(fakeFx.submit(() -> received.getLast()).get()).isEqualTo(999);
        assertThat(fakeFx.submit(() -> received.get(1)).get()).isEqualTo(900);
    }
}
