package dev.marketplace.order;

import dev.marketplace.api.model.OrderStatusChangeDto;
import dev.marketplace.shared.events.DomainEvent;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An order moved to another status ({@code order.status_changed}: paid, shipped, delivered, cancelled);
 * the payload is the order after the change and the status it left.
 */
public record OrderStatusChanged(UUID eventId, Instant occurredAt, OrderStatusChangeDto change) implements DomainEvent {

    public static final String TYPE = "order.status_changed";

    @Override
    public String type() {
        return TYPE;
    }

    /** The buyer and every seller of its lines. */
    @Override
    public Set<String> audience() {
        return OrderAudience.of(change.getOrder());
    }

    @Override
    public OrderStatusChangeDto data() {
        return change;
    }
}
