package dev.marketplace.shared.events;

import java.util.List;

/**
 * Something that must happen for every {@link DomainEvent} after its transaction commits — queue webhook
 * deliveries, fan out live events, mail the buyer. The {@link OutboxRelay} calls each consumer with a batch of
 * events inside one transaction (the one that then deletes them from the outbox), so database work a consumer
 * does commits together with "done": an event is handled at least once, never lost, never half-handled.
 *
 * <p>If {@link #handle} throws, its database work is rolled back (to a savepoint) and — for a
 * {@link #batched()} consumer — every event of the batch is handed over again alone, so one bad event cannot
 * hold back the others. An event that fails alone stays in the outbox for this consumer only and is retried
 * with a growing delay; the other consumers are not run again. Work outside the database (a mail, a Redis
 * message) may therefore happen more than once: handlers must tolerate that.
 */
public interface OutboxConsumer {

    /** Stable name, stored with an event that is waiting to be retried for this consumer (≤ 64 characters). */
    String name();

    /** Whether this consumer wants the event at all. */
    default boolean accepts(DomainEvent event) {
        return true;
    }

    /**
     * Whether {@link #handle} may be given many events at once. A consumer with side effects outside the
     * database that a retry would repeat (a mail) says {@code false} and gets one event per call.
     */
    default boolean batched() {
        return true;
    }

    /** Handles the events, in the relay's transaction; throws when it could not. */
    void handle(List<OutboxEvent> events);
}
