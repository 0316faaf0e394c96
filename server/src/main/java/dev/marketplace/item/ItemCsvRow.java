package dev.marketplace.item;

import dev.marketplace.api.model.ItemSortDto;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One exported item: a projection, not an entity, so streaming rows never fills the persistence context. */
record ItemCsvRow(
        UUID id,
        String ownerId,
        String name,
        String description,
        BigDecimal price,
        String currency,
        ItemStatus status,
        Instant createdAt,
        Instant updatedAt) {

    static final String[] HEADER = {
        "id", "owner_id", "name", "description", "price", "currency", "status", "created_at", "updated_at"
    };

    String[] cells() {
        return new String[] {
            id.toString(),
            ownerId,
            name,
            description,
            Money.format(price, currency),
            currency,
            status.name(),
            createdAt.toString(),
            updatedAt.toString()
        };
    }

    /** This row's keyset key in {@code sort} (the value {@link ItemSpecifications#after} continues from). */
    String key(ItemSortDto sort) {
        return switch (sort) {
            case CREATED_AT_ASC, CREATED_AT_DESC -> createdAt.toString();
            case PRICE_ASC, PRICE_DESC -> price.toPlainString();
        };
    }
}
