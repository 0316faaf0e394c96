package dev.marketplace.item;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.List;
import org.hibernate.jpa.HibernateHints;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.query.QueryUtils;
import org.springframework.stereotype.Repository;

/**
 * Reads items for the CSV export one keyset chunk at a time: each call is one bounded query (the caller's short
 * transaction), and the rows are constructor projections, so nothing accumulates in the persistence context.
 */
@Repository
class ItemExportRepository {

    private final EntityManager entityManager;

    ItemExportRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** At most {@code limit} rows matching {@code spec} in {@code sort} order. */
    List<ItemCsvRow> chunk(Specification<Item> spec, Sort sort, int limit) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<ItemCsvRow> query = cb.createQuery(ItemCsvRow.class);
        Root<Item> item = query.from(Item.class);
        query.select(cb.construct(
                ItemCsvRow.class,
                item.get("id"),
                item.get("ownerId"),
                item.get("name"),
                item.get("description"),
                item.get("price"),
                item.get("currency"),
                item.get("status"),
                item.get("createdAt"),
                item.get("updatedAt")));
        Predicate where = spec.toPredicate(item, query, cb);
        if (where != null) {
            query.where(where);
        }
        query.orderBy(QueryUtils.toOrders(sort, item, cb));
        return entityManager
                .createQuery(query)
                .setMaxResults(limit)
                .setHint(HibernateHints.HINT_FETCH_SIZE, limit)
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultList();
    }
}
