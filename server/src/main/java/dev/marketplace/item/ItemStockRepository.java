package dev.marketplace.item;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stock changes as single SQL statements, so concurrent orders can never take more units than there are. */
@Repository
class ItemStockRepository {

    /** What an order needs to know about an item; {@code status} is the item's lifecycle state. */
    record ItemRow(UUID id, String ownerId, String name, BigDecimal price, String currency, String status) {}

    private final JdbcClient jdbc;

    ItemStockRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<ItemRow> find(Collection<UUID> ids) {
        return jdbc.sql("SELECT id, owner_id, name, price, currency, status FROM items WHERE id IN (:ids)")
                .param("ids", ids)
                .query(ItemRow.class)
                .list();
    }

    /**
     * Takes {@code quantity} units of an active item in one statement (the row lock serialises concurrent
     * takers, the {@code stock >= quantity} condition refuses the ones that come too late) and returns the
     * item as it is at that moment; empty when there are too few units or the item is no longer active.
     */
    Optional<ItemRow> take(UUID id, int quantity) {
        return jdbc.sql("""
                        UPDATE items SET stock = stock - :quantity
                        WHERE id = :id AND stock >= :quantity AND status = 'active'
                        RETURNING id, owner_id, name, price, currency, status""")
                .param("id", id)
                .param("quantity", quantity)
                .query(ItemRow.class)
                .optional();
    }

    /** Puts units back (a cancelled order); an item deleted meanwhile is simply skipped. */
    void putBack(UUID id, int quantity) {
        jdbc.sql("UPDATE items SET stock = stock + :quantity WHERE id = :id")
                .param("id", id)
                .param("quantity", quantity)
                .update();
    }
}
