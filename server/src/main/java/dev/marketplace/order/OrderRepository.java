package dev.marketplace.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Only the queries the order domain uses. */
interface OrderRepository extends Repository<Order, UUID>, JpaSpecificationExecutor<Order> {

    Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "createdAt", "id");

    Optional<Order> findById(UUID id);

    Order saveAndFlush(Order order);

    @Query("""
            select o from Order o
            where o.buyerId = :buyer and o.idempotencyKey = :key and o.createdAt >= :since""")
    Optional<Order> findPlacedWithKey(String buyer, String key, Instant since);

    /** One keyset page, newest first: no OFFSET and no COUNT. */
    default List<Order> findPage(Specification<Order> spec, int limit) {
        return findBy(spec, q -> q.sortBy(NEWEST_FIRST).limit(limit).all());
    }
}
