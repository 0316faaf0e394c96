package dev.marketplace.item;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.repository.Repository;

/** Only the queries the item domain uses. */
interface ItemRepository extends Repository<Item, UUID>, JpaSpecificationExecutor<Item> {

    Optional<Item> findById(UUID id);

    Item saveAndFlush(Item item);

    void delete(Item item);

    void flush();

    long count();

    /** One keyset page: no OFFSET and no COUNT, so the cost does not grow with the table. */
    default List<Item> findPage(Specification<Item> spec, Sort sort, int limit) {
        return findBy(spec, q -> q.sortBy(sort).limit(limit).all());
    }
}
