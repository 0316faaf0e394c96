package dev.marketplace.shared.events;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Something that happened in the domain, named in the past tense ({@code item.created},
 * {@code order.placed}, …).
 *
 * <p>Publish it with Spring's {@code ApplicationEventPublisher} <em>inside</em> the business
 * transaction: Spring Modulith's event publication registry records one row per listener in
 * {@code event_publication} in that same transaction (transactional outbox), runs
 * {@code @ApplicationModuleListener}s after commit, leaves the row incomplete when a listener fails
 * (it is retried, see {@code EventRetryJob}) and republishes incomplete rows on restart. Handlers
 * must therefore be idempotent: delivery is at least once.
 *
 * <p>Implementations are records serialised to JSON by the registry, so they hold plain data
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
