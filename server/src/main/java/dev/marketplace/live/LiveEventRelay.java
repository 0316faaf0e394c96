package dev.marketplace.live;

import dev.marketplace.shared.events.OutboxConsumer;
import dev.marketplace.shared.events.OutboxEvent;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Outbox consumer: hands a batch of committed events to the bus, which reaches the subscribed sockets on every
 * instance (with PostgreSQL: one insert and one {@code NOTIFY} per batch). Live events are a best-effort
 * notification channel (a socket that is not connected misses them); partners that need every event use webhooks.
 */
@Component
@Order(2)
class LiveEventRelay implements OutboxConsumer {

    private final LiveEventBus bus;

    LiveEventRelay(LiveEventBus bus) {
        this.bus = bus;
    }

    @Override
    public String name() {
        return "live";
    }

    @Override
    public void handle(List<OutboxEvent> events) {
        bus.publish(events.stream()
                .map(e -> new LiveEventBus.LiveEvent(e.event().type(), e.event().audience(), e.envelope()))
                .toList());
    }
}
