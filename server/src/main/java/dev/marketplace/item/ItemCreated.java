package dev.marketplace.item;

import dev.marketplace.api.model.ItemDto;
import dev.marketplace.shared.events.DomainEvent;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An item was put up for sale ({@code item.created}); the payload is the item as the API shows it. */
public record ItemCreated(UUID eventId, Instant occurredAt, String ownerId, ItemDto item) implements DomainEvent {

    public static final String TYPE = "item.created";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> audience() {
        return Set.of(ownerId);
    }

    @Override
    public ItemDto data() {
        return item;
    }
}
