package dev.marketplace.order;

import dev.marketplace.api.model.OrderDto;
import dev.marketplace.shared.events.DomainEvent;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A buyer placed an order ({@code order.placed}); the payload is the order as the API shows it. */
public record OrderPlaced(UUID eventId, Instant occurredAt, OrderDto order) implements DomainEvent {

    public static final String TYPE = "order.placed";

    @Override
    public String type() {
        return TYPE;
    }

    /** The buyer and every seller of its lines. */
    @Override
    public Set<String> audience() {
        return OrderAudience.of(order);
    }

    @Override
    public OrderDto data() {
        return order;
    }
}
