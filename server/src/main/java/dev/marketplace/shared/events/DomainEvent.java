package dev.marketplace.shared.events;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Something that happened in the domain, named in the past tense ({@code item.created},
 * {@code order.placed}, …).
 *
 * <p>Publish it with Spring's {@code ApplicationEventPublisher} <em>inside</em> the business
 * transaction: {@link OutboxRecorder} writes one {@code outbox_events} row in that same transaction
 * (transactional outbox; publishing outside a transaction fails). After commit {@link OutboxRelay} hands
 * recorded events in batches to every {@link OutboxConsumer} (webhook fan-out, live events, order mails) and
 * deletes them; a consumer that fails keeps the event for itself and is retried with backoff, and events a
 * crashed instance left behind are relayed by any instance. Consumers must therefore tolerate repeats:
 * delivery is at least once, with a stable {@link #eventId()}.
 *
 * <p>Implementations are records serialised to JSON in the outbox, so they hold plain data
 * (ids, strings, generated API DTOs), never entities.
 */
public interface DomainEvent {

    /** Stable id of this occurrence; webhook deliveries use it as {@code webhook-id}. */
    UUID eventId();

    /** Event type as documented in the spec's {@code webhooks} and the AsyncAPI document, e.g. {@code order.placed}. */
    String type();

    /** When it happened (microsecond precision, UTC). */
    Instant occurredAt();

    /**
     * Subjects (account ids as they appear in tokens' {@code sub}) allowed to see this event — the
     * buyer, the seller, the item owner…: webhook endpoints and WebSocket subscriptions only receive
     * events whose audience holds their owner.
     */
    Set<String> audience();

    /** The payload, exactly the {@code data} schema of this event type in the spec (a generated DTO). */
    Object data();
}
