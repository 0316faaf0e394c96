package dev.marketplace.item;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One exported item: a projection, not an entity, so streaming rows never fills the persistence context. */
record ItemCsvRow(UUID id, String ownerId, String name, String description, BigDecimal price, String currency,
        ItemState status, Instant createdAt, Instant updatedAt) {

    static final String[] HEADER = {"id", "owner_id", "name", "description", "price", "currency", "status",
        "created_at", "updated_at"};

    String[] cells() {
        return new String[] {id.toString(), ownerId, name, description, Money.format(price, currency), currency,
            status.name(), createdAt.toString(), updatedAt.toString()};
    }
}
