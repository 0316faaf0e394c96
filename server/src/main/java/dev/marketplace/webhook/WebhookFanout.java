package dev.marketplace.webhook;

import dev.marketplace.shared.events.DomainEvent;
import dev.marketplace.shared.events.OutboxConsumer;
import dev.marketplace.shared.events.OutboxEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Outbox consumer: queues one delivery per subscribed, active endpoint whose owner is in the event's audience.
 * A whole batch of events costs one endpoint lookup and one batched insert, in the relay's transaction (so the
 * deliveries commit together with the events leaving the outbox). The unique (endpoint, event) key makes a
 * retried batch harmless.
 *
 * <p>Each delivery keeps the W3C {@code traceparent} recorded with the event — the request's that published it —
 * so its attempts, sent later by any instance, continue that trace (see {@link DeliveryWorker}).
 */
@Component
@Order(1)
class WebhookFanout implements OutboxConsumer {

    private final DeliveryRepository deliveries;
    private final Clock clock;

    WebhookFanout(DeliveryRepository deliveries, Clock clock) {
        this.deliveries = deliveries;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "webhooks";
    }

    @Override
    public void handle(List<OutboxEvent> events) {
        Set<String> owners = new HashSet<>();
        events.forEach(e -> owners.addAll(e.event().audience()));
        List<DeliveryRepository.Subscription> endpoints = deliveries.subscriptions(owners);
        if (endpoints.isEmpty()) {
            return;
        }
        List<DeliveryRepository.NewDelivery> queued = new ArrayList<>();
        for (OutboxEvent event : events) {
            DomainEvent domain = event.event();
            for (DeliveryRepository.Subscription endpoint : endpoints) {
                if (domain.audience().contains(endpoint.ownerId())
                        && endpoint.eventTypes().contains(domain.type())) {
                    queued.add(new DeliveryRepository.NewDelivery(
                            endpoint.id(), domain.eventId(), domain.type(), event.envelope(), event.traceparent()));
                }
            }
        }
        Instant now = clock.instant();
        deliveries.enqueue(queued, now);
    }
}
