package dev.marketplace.item;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An item as reads show it: the columns of {@link Item}, selected straight into this record (a JPA constructor
 * expression), so a read loads no entity, keeps no persistence context and takes no dirty-checking snapshot.
 */
record ItemView(
        UUID id,
        String name,
        String description,
        BigDecimal price,
        String currency,
        ItemStatus status,
        Instant createdAt,
        Instant updatedAt,
        String ownerId,
        List<String> tags,
        int stock,
        long version) {

    /** The JPQL select list matching the constructor, for queries on {@code Item i}. */
    static final String SELECT =
            "select new dev.marketplace.item.ItemView(i.id, i.name, i.description, i.price, i.currency, "
                    + "i.status, i.createdAt, i.updatedAt, i.ownerId, i.tags, i.stock, i.version) from Item i";

    ItemView {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
