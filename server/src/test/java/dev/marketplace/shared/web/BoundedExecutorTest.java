package dev.marketplace.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedExecutorTest {

    @Test
    void runsAtMostTheLimitAtOnceAndEveryTaskInArrivalOrder() throws Exception {
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            BoundedExecutor bounded = new BoundedExecutor(virtual, 5);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            List<Integer> started = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(50);
            for (int i = 0; i < 50; i++) {
                int n = i;
                bounded.execute(() -> {
                    started.add(n);
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        running.decrementAndGet();
                        done.countDown();
                    }
                });
            }
            // A failed assertion must still release the parked tasks, or closing the executor waits for them forever.
            try {
                firstFiveRunTheRestWait(bounded, started);
            } finally {
                release.countDown();
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(peak.get()).isEqualTo(5);
            assertThat(started)
                    .hasSize(50)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, 50).boxed().toList());
            // The five submitted first were the five started first (they run at once, so in any order among them).
            assertThat(started.subList(0, 5)).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
            awaitUntil(() -> bounded.running() == 0);
            assertThat(bounded.queued()).isZero();
        }
    }

    /** The first five run, the other 45 wait without a thread of their own. */
    private static void firstFiveRunTheRestWait(BoundedExecutor bounded, List<Integer> started) throws Exception {
        awaitUntil(() -> started.size() == 5);
        Thread.sleep(50);
        // Started on five virtual threads at once: which records itself first is up to the scheduler.
        assertThat(started).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(bounded.running()).isEqualTo(5);
        assertThat(bounded.queued()).isEqualTo(45);
    }

    @Test
    void waitingTasksStartInArrivalOrder() throws Exception {
        // One slot: each task starts only when the one before it has finished, so the order is the executor's alone.
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            BoundedExecutor bounded = new BoundedExecutor(virtual, 1);
            List<Integer> started = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(30);
            for (int i = 0; i < 30; i++) {
                int n = i;
                bounded.execute(() -> {
                    started.add(n);
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(started).isEqualTo(IntStream.range(0, 30).boxed().toList());
            awaitUntil(() -> bounded.running() == 0);
        }
    }

    @Test
    void aFailingTaskFreesItsSlot() throws Exception {
        // The exceptions are expected: the threads' handler drops them instead of printing stack traces.
        try (ExecutorService virtual = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().uncaughtExceptionHandler((thread, e) -> {}).factory())) {
            BoundedExecutor bounded = new BoundedExecutor(virtual, 1);
            CountDownLatch ran = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                bounded.execute(() -> {
                    ran.countDown();
                    throw new IllegalStateException("expected in this test");
                });
            }
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            awaitUntil(() -> bounded.running() == 0);
        }
    }

    @Test
    void manyConcurrentSubmittersNeverExceedTheLimitNorLoseATask() throws Exception {
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
                ExecutorService submitters = Executors.newFixedThreadPool(4)) {
            BoundedExecutor bounded = new BoundedExecutor(virtual, 3);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(2_000);
            for (int s = 0; s < 4; s++) {
                submitters.execute(() -> {
                    for (int i = 0; i < 500; i++) {
                        bounded.execute(() -> {
                            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                            Thread.onSpinWait();
                            running.decrementAndGet();
                            done.countDown();
                        });
                    }
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(peak.get()).isBetween(1, 3);
            awaitUntil(() -> bounded.running() == 0);
            assertThat(bounded.queued()).isZero();
        }
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThatThrownBy(() -> new BoundedExecutor(Runnable::run, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
