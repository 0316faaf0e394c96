package dev.marketplace.contracts;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The items every contract test starts from. Contracts refer to them by their fixed ids, so keep this list and
 * the YAML contracts in step (prices are stored with 4 decimals; the API renders them in the currency's minor
 * units, e.g. 49.9000 EUR as "49.90", 3000.0000 JPY as "3000").
 *
 * <p>Every item is owned by {@link UserFixtures#SELLER} ({@code owner_id}).
 *
 * <p>Active items, newest first: 5, 3, 1. Prices between 50 and 200, cheapest first: 3, 2, 5. Names or
 * descriptions containing "lamp": 5, 1. Id {@link #MISSING_ID} never exists.
 */
final class ItemFixtures {

    static final String MISSING_ID = "99999999-9999-4999-8999-999999999999";

    record Item(
            String id,
            String name,
            String description,
            String price,
            String currency,
            String status,
            String createdAt,
            String updatedAt,
            long version) {}

    static final List<Item> ITEMS = List.of(
            new Item(
                    "11111111-1111-4111-8111-111111111111",
                    "Brass desk lamp",
                    "A 1950s brass desk lamp, rewired, with a linen shade.",
                    "49.9000",
                    "EUR",
                    "active",
                    "2026-01-10T09:00:00Z",
                    "2026-01-16T10:00:00Z",
                    3),
            new Item(
                    "22222222-2222-4222-8222-222222222222",
                    "Oak bookshelf",
                    null,
                    "120.0000",
                    "EUR",
                    "draft",
                    "2026-01-11T09:00:00Z",
                    "2026-01-11T09:00:00Z",
                    0),
            new Item(
                    "33333333-3333-4333-8333-333333333333",
                    "Vintage valve radio",
                    "Valve radio from 1962, in working order.",
                    "75.5000",
                    "USD",
                    "active",
                    "2026-01-12T09:00:00Z",
                    "2026-01-13T08:15:00Z",
                    1),
            new Item(
                    "44444444-4444-4444-8444-444444444444",
                    "Ceramic vase",
                    "Hand-thrown stoneware vase.",
                    "3000.0000",
                    "JPY",
                    "archived",
                    "2026-01-13T09:00:00Z",
                    "2026-01-20T17:45:00Z",
                    2),
            new Item(
                    "55555555-5555-4555-8555-555555555555",
                    "Arc floor lamp",
                    "Arc floor lamp with a marble base.",
                    "189.0000",
                    "EUR",
                    "active",
                    "2026-01-14T09:00:00Z",
                    "2026-01-14T09:00:00Z",
                    0));

    private ItemFixtures() {}

    /** Deletes every item (including ones created by earlier tests) and inserts the fixtures. */
    static void reset(JdbcTemplate jdbc) {
        jdbc.update("DELETE FROM items");
        jdbc.batchUpdate(
                """
        INSERT INTO items (id, owner_id, name, description, price, currency, status, created_at, updated_at, version)
        VALUES (CAST(? AS uuid), ?, ?, ?, CAST(? AS numeric), ?, ?, CAST(? AS timestamptz), CAST(? AS timestamptz), ?)
        """,
                ITEMS.stream()
                        .map(i -> new Object[] {
                            i.id(),
                            UserFixtures.SELLER.id(),
                            i.name(),
                            i.description(),
                            i.price(),
                            i.currency(),
                            i.status(),
                            i.createdAt(),
                            i.updatedAt(),
                            i.version()
                        })
                        .toList());
    }
}
