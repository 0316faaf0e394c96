package dev.marketplace.shared.web;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs at most {@code limit} tasks of a delegate executor at once; the rest wait in arrival order and start as
 * running ones finish. Nothing is rejected: what bounds the queue is the caller (Tomcat submits at most one task
 * per open connection, and open connections are bounded by {@code server.tomcat.max-connections}).
 */
final class BoundedExecutor implements Executor {

    private final Executor delegate;
    private final int limit;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();

    BoundedExecutor(Executor delegate, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.delegate = Objects.requireNonNull(delegate);
        this.limit = limit;
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task);
        queue.add(task);
        queued.incrementAndGet();
        drain();
    }

    /** Tasks running now. */
    int running() {
        return running.get();
    }

    /** Tasks waiting for a slot. */
    int queued() {
        return queued.get();
    }

    int limit() {
        return limit;
    }

    private void drain() {
        while (true) {
            int now = running.get();
            if (now >= limit || queue.isEmpty()) {
                return;
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            Runnable next = queue.poll();
            if (next == null) {
                // Another caller took it; give the slot back and look again (a task may have arrived meanwhile
                // whose own drain saw this slot taken).
                running.decrementAndGet();
                continue;
            }
            queued.decrementAndGet();
            try {
                delegate.execute(() -> {
                    try {
                        next.run();
                    } finally {
                        running.decrementAndGet();
                        drain();
                    }
                });
            } catch (RuntimeException e) {
                running.decrementAndGet();
                throw e;
            }
        }
    }
}
