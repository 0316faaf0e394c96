package dev.marketplace.order;

import java.util.Map;
import java.util.Set;

/**
 * Stored order status (the column holds the name) and the moves allowed from each:
 * {@code placed → paid → shipped → delivered}, and {@code placed|paid → cancelled}.
 */
enum OrderStatus {
    placed,
    paid,
    shipped,
    delivered,
    cancelled;

    private static final Map<OrderStatus, Set<OrderStatus>> NEXT = Map.of(
            placed, Set.of(paid, cancelled),
            paid, Set.of(shipped, cancelled),
            shipped, Set.of(delivered),
            delivered, Set.of(),
            cancelled, Set.of());

    boolean canMoveTo(OrderStatus next) {
        return NEXT.get(this).contains(next);
    }
}
