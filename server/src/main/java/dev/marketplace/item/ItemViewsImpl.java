package dev.marketplace.item;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.query.QueryUtils;

/**
 * The list query with the filters of {@link ItemSpecifications} (one definition, shared with the CSV export),
 * selecting the columns into {@link ItemView}s (a JPA constructor expression) instead of entities. Outside a
 * caller's transaction it runs as one auto-committed statement: a read of committed rows needs no
 * {@code BEGIN}/{@code COMMIT} around it.
 */
class ItemViewsImpl implements ItemViews {

    @PersistenceContext
    private EntityManager entityManager;

    /** Thread-safe and bound to the persistence unit: taken once, not through the shared proxy per query. */
    private final CriteriaBuilder cb;

    ItemViewsImpl(EntityManagerFactory entityManagerFactory) {
        this.cb = entityManagerFactory.getCriteriaBuilder();
    }

    @Override
    public List<ItemView> findViewPage(Specification<Item> spec, Sort sort, int limit) {
        CriteriaQuery<ItemView> query = cb.createQuery(ItemView.class);
        Root<Item> item = query.from(Item.class);
        query.select(cb.construct(
                ItemView.class,
                item.get("id"),
                item.get("name"),
                item.get("description"),
                item.get("price"),
                item.get("currency"),
                item.get("status"),
                item.get("createdAt"),
                item.get("updatedAt"),
                item.get("ownerId"),
                item.get("tags"),
                item.get("stock"),
                item.get("version")));
        Predicate predicate = spec.toPredicate(item, query, cb);
        if (predicate != null) {
            query.where(predicate);
        }
        query.orderBy(QueryUtils.toOrders(sort, item, cb));
        return entityManager.createQuery(query).setMaxResults(limit).getResultList();
    }
}
