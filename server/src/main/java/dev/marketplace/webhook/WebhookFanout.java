package dev.marketplace.webhook;

import dev.marketplace.shared.events.DomainEvent;
import dev.marketplace.shared.events.EventEnvelope;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * After an event's transaction commits, queues one delivery per subscribed, active endpoint whose owner is
 * in the event's audience. Runs from the outbox (event_publication): if this fails or the process dies it is
 * retried, and the unique (endpoint, event) key makes the retry harmless.
 */
@Component
class WebhookFanout {

    private final DeliveryRepository deliveries;
    private final JsonMapper json;
    private final Clock clock;

    WebhookFanout(DeliveryRepository deliveries, JsonMapper json, Clock clock) {
        this.deliveries = deliveries;
        this.json = json;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(DomainEvent event) {
        var endpoints = deliveries.subscribedEndpoints(event.audience(), event.type());
        if (endpoints.isEmpty()) {
            return;
        }
        String payload = EventEnvelope.toJson(event, json);
        for (UUID endpoint : endpoints) {
            deliveries.enqueue(endpoint, event.eventId(), event.type(), payload, clock.instant().truncatedTo(ChronoUnit.MICROS));
        }
    }
}
