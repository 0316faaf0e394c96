package dev.marketplace.order;

import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.jpa.domain.Specification;

/** Filters of the order lists (indexed: orders by buyer and created_at, order_lines by seller). */
final class OrderSpecifications {

    private OrderSpecifications() {}

    static Specification<Order> boughtBy(String buyer) {
        return (root, query, cb) -> cb.equal(root.get("buyerId"), buyer);
    }

    /** Orders with at least one line of {@code seller}. */
    static Specification<Order> soldBy(String seller) {
        return (root, query, cb) -> {
            Subquery<UUID> lines = query.subquery(UUID.class);
            Root<Order> sub = lines.from(Order.class);
            Join<Order, OrderLine> line = sub.join("lines");
            lines.select(sub.get("id"))
                    .where(cb.equal(sub.get("id"), root.get("id")), cb.equal(line.get("sellerId"), seller));
            return cb.exists(lines);
        };
    }

    static Specification<Order> status(OrderStatus status) {
        return (root, query, cb) -> cb.equal(root.get("status"), status);
    }

    /** After the cursor's row in (created_at desc, id desc) order. */
    static Specification<Order> after(Instant createdAt, UUID id) {
        return (root, query, cb) -> cb.or(
                cb.lessThan(root.get("createdAt"), createdAt),
                cb.and(cb.equal(root.get("createdAt"), createdAt), cb.lessThan(root.get("id"), id)));
    }
}
