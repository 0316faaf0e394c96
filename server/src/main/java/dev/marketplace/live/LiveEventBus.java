package dev.marketplace.live;

import java.util.List;
import java.util.Set;

/** Carries events to the live sockets of every instance (see {@link LiveProperties#fanout()}). */
interface LiveEventBus {

    /** An event to fan out: its type, who may see it, and its envelope JSON. */
    record LiveEvent(String type, Set<String> audience, String envelope) {}

    /**
     * Called by the outbox relay with a batch of committed events, inside the relay's transaction; throws when the
     * events could not be handed on (the outbox then retries them).
     */
    void publish(List<LiveEvent> events);

    default void publish(String type, Set<String> audience, String envelope) {
        publish(List.of(new LiveEvent(type, audience, envelope)));
    }
}
