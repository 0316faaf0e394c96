package dev.marketplace.contracts;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The orders (and item stock) every contract test starts from. {@link UserFixtures#BUYER} placed both fixture orders
 * for items of {@link UserFixtures#SELLER}; {@link UserFixtures#OTHER_SELLER} is a stranger to them.
 *
 * <ul>
 *   <li>{@link #PLACED}: 2 × "Brass desk lamp" (item 1111…) at 49.90 EUR, total 99.80 EUR, status {@code placed}.</li>
 *   <li>{@link #PAID}: 1 × "Arc floor lamp" (item 5555…) at 189.00 EUR, status {@code paid} (ready to ship).</li>
 * </ul>
 *
 * Stock of the fixture items: desk lamp (1111…) 5, radio (3333…) 1, floor lamp (5555…) 3, the others 1.
 */
final class OrderFixtures {

    static final String PLACED = "0d000000-0000-4000-8000-000000000001";
    static final String PAID = "0d000000-0000-4000-8000-000000000002";

    private OrderFixtures() {}

    /**
     * Deletes what orders, idempotency keys, payment events and outbox events earlier tests left behind (in
     * foreign-key order: order lines go with their orders). Run before {@link UserFixtures#reset}.
     */
    static void clear(JdbcTemplate jdbc) {
        jdbc.update("DELETE FROM outbox_events");
        jdbc.update("DELETE FROM payment_events");
        jdbc.update("DELETE FROM idempotency_keys");
        jdbc.update("DELETE FROM order_lines");
        jdbc.update("DELETE FROM orders");
    }

    /** Sets the fixture items' stock and inserts the fixture orders. Run after {@link ItemFixtures#reset}. */
    static void seed(JdbcTemplate jdbc) {
        jdbc.update("UPDATE items SET stock = 5 WHERE id = CAST(? AS uuid)", "11111111-1111-4111-8111-111111111111");
        jdbc.update("UPDATE items SET stock = 3 WHERE id = CAST(? AS uuid)", "55555555-5555-4555-8555-555555555555");
        order(
                jdbc,
                PLACED,
                "placed",
                "99.8000",
                "2026-01-20T10:00:00Z",
                "11111111-1111-4111-8111-111111111111",
                "Brass desk lamp",
                2,
                "49.9000",
                0);
        order(
                jdbc,
                PAID,
                "paid",
                "189.0000",
                "2026-01-21T10:00:00Z",
                "55555555-5555-4555-8555-555555555555",
                "Arc floor lamp",
                1,
                "189.0000",
                1);
    }

    private static void order(
            JdbcTemplate jdbc,
            String id,
            String status,
            String total,
            String at,
            String itemId,
            String name,
            int quantity,
            String unitPrice,
            long version) {
        jdbc.update("""
        INSERT INTO orders (id, buyer_id, status, total, currency, idempotency_key, created_at, updated_at, version)
        VALUES (CAST(? AS uuid), ?, ?, CAST(? AS numeric), 'EUR', NULL, CAST(? AS timestamptz), CAST(? AS timestamptz), ?)
        """, id, UserFixtures.BUYER.id(), status, total, at, at, version);
        jdbc.update("""
        INSERT INTO order_lines (order_id, line_no, item_id, seller_id, name, quantity, unit_price)
        VALUES (CAST(? AS uuid), 0, CAST(? AS uuid), ?, ?, ?, CAST(? AS numeric))
        """, id, itemId, UserFixtures.SELLER.id(), name, quantity, unitPrice);
    }
}
