package dev.marketplace.item;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Counts the exports running on this instance, per client and in total, so one client (or many) cannot hold
 * an unbounded number of long downloads. In memory: with several instances each enforces its own limits.
 */
@Component
public class ItemExportSlots {

    /** Why {@link #tryAcquire} said no, or the lease it granted. */
    public sealed interface Outcome permits Lease, Refused {}

    /** Which limit refused the export. */
    public record Refused(boolean perClient) implements Outcome {}

    /** One running export; {@link #close()} gives the slot back (idempotent). */
    public final class Lease implements Outcome, AutoCloseable {

        private final String client;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Lease(String client) {
            this.client = client;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                perClient.computeIfPresent(client, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
                total.decrementAndGet();
            }
        }
    }

    private final ConcurrentHashMap<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final ItemExportProperties properties;

    ItemExportSlots(ItemExportProperties properties) {
        this.properties = properties;
    }

    /** A slot for {@code client} (e.g. {@code sub:<subject>} or {@code ip:<address>}), or which limit is reached. */
    public Outcome tryAcquire(String client) {
        Outcome[] outcome = new Outcome[1];
        perClient.compute(client, (key, count) -> {
            int current = count == null ? 0 : count.get();
            if (current >= properties.maxConcurrentPerClient()) {
                outcome[0] = new Refused(true);
                return count;
            }
            if (total.incrementAndGet() > properties.maxConcurrent()) {
                total.decrementAndGet();
                outcome[0] = new Refused(false);
                return count;
            }
            outcome[0] = new Lease(client);
            AtomicInteger next = count == null ? new AtomicInteger() : count;
            next.incrementAndGet();
            return next;
        });
        return outcome[0];
    }

    /** Exports running now (all clients). */
    public int running() {
        return total.get();
    }
}
