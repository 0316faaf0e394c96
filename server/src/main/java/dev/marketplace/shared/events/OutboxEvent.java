package dev.marketplace.shared.events;

import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * One recorded {@link DomainEvent} as the outbox relay hands it to an {@link OutboxConsumer}: the event, the W3C
 * {@code traceparent} of the request that published it (null without tracing), and how often it was tried before.
 * The envelope JSON is computed once per event and shared by every consumer of a batch.
 */
public final class OutboxEvent {

    private final DomainEvent event;
    private final String traceparent;
    private final int attempts;
    private final JsonMapper json;
    private String envelope;

    OutboxEvent(DomainEvent event, String traceparent, int attempts, JsonMapper json) {
        this.event = event;
        this.traceparent = traceparent;
        this.attempts = attempts;
        this.json = json;
    }

    public DomainEvent event() {
        return event;
    }

    public UUID id() {
        return event.eventId();
    }

    public String traceparent() {
        return traceparent;
    }

    /** How many earlier attempts failed (0 the first time). */
    public int attempts() {
        return attempts;
    }

    /** {@link EventEnvelope#toJson}, computed on first use (the relay's single thread). */
    public String envelope() {
        if (envelope == null) {
            envelope = EventEnvelope.toJson(event, json);
        }
        return envelope;
    }
}
