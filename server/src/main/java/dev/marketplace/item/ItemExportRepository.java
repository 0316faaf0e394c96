package dev.marketplace.item;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.stream.Stream;
import org.hibernate.jpa.HibernateHints;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.query.QueryUtils;
import org.springframework.stereotype.Repository;

/**
 * Reads items for the CSV export from a server-side cursor: PostgreSQL sends {@link #FETCH_SIZE} rows at a
 * time (the driver only does so inside a transaction, hence the caller's read-only one), and the rows are
 * constructor projections, so nothing accumulates in the persistence context.
 */
@Repository
class ItemExportRepository {

    static final int FETCH_SIZE = 1000;

    private final EntityManager entityManager;

    ItemExportRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Must be called inside a transaction and the stream closed by the caller. */
    Stream<ItemCsvRow> stream(Specification<Item> spec, Sort sort) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<ItemCsvRow> query = cb.createQuery(ItemCsvRow.class);
        Root<Item> item = query.from(Item.class);
        query.select(cb.construct(ItemCsvRow.class, item.get("id"), item.get("ownerId"), item.get("name"),
                item.get("description"), item.get("price"), item.get("currency"), item.get("status"),
                item.get("createdAt"), item.get("updatedAt")));
        Predicate where = spec.toPredicate(item, query, cb);
        if (where != null) {
            query.where(where);
        }
        query.orderBy(QueryUtils.toOrders(sort, item, cb));
        return entityManager.createQuery(query)
                .setHint(HibernateHints.HINT_FETCH_SIZE, FETCH_SIZE)
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultStream();
    }
}
