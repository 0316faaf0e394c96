package dev.marketplace.item;

import dev.marketplace.api.model.ItemSortDto;
import dev.marketplace.shared.paging.KeysetCursor;
import dev.marketplace.shared.security.Actor;
import jakarta.persistence.criteria.Path;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;

/** Filters and keyset predicates for item lists; each has a supporting index (see V1 migration). */
final class ItemSpecifications {

    private ItemSpecifications() {}

    /**
     * The list filters of a query (visibility, status, text, price range), without paging: shared by the list
     * and the CSV export.
     */
    static Specification<Item> matching(ItemQuery query) {
        Specification<Item> spec = visibleTo(query.viewer());
        if (query.status() != null) {
            spec = spec.and(status(ItemStatus.valueOf(query.status().getValue())));
        }
        if (query.text() != null) {
            spec = spec.and(text(query.text()));
        }
        if (query.minPrice() != null) {
            spec = spec.and(minPrice(new BigDecimal(query.minPrice())));
        }
        if (query.maxPrice() != null) {
            spec = spec.and(maxPrice(new BigDecimal(query.maxPrice())));
        }
        return spec;
    }

    /**
     * Drafts are visible only to their owner and to admins: everyone else (anonymous callers included) sees
     * every item except drafts. An admin's query is unrestricted.
     */
    static Specification<Item> visibleTo(Optional<Actor> viewer) {
        if (viewer.isPresent() && viewer.get().isAdmin()) {
            return Specification.unrestricted();
        }
        String subject = viewer.map(Actor::subject).orElse(null);
        return (root, query, cb) -> {
            var published = cb.notEqual(root.get("status"), ItemStatus.draft);
            return subject == null ? published : cb.or(published, cb.equal(root.get("ownerId"), subject));
        };
    }

    /** Whether {@code viewer} may see {@code item} (the single-item form of {@link #visibleTo}). */
    static boolean isVisibleTo(ItemView item, Optional<Actor> viewer) {
        return item.status() != ItemStatus.draft
                || viewer.map(actor -> actor.isAdmin() || actor.subject().equals(item.ownerId()))
                        .orElse(false);
    }

    static Specification<Item> status(ItemStatus state) {
        return (root, query, cb) -> cb.equal(root.get("status"), state);
    }

    static Specification<Item> text(String text) {
        String pattern = "%"
                + text.toLowerCase(Locale.ROOT)
                        .replace("\\", "\\\\")
                        .replace("%", "\\%")
                        .replace("_", "\\_") + "%";
        return (root, query, cb) -> cb.or(
                cb.like(cb.lower(root.get("name")), pattern, '\\'),
                cb.like(cb.lower(root.get("description")), pattern, '\\'));
    }

    static Specification<Item> minPrice(BigDecimal min) {
        return (root, query, cb) -> cb.greaterThanOrEqualTo(root.get("price"), min);
    }

    static Specification<Item> maxPrice(BigDecimal max) {
        return (root, query, cb) -> cb.lessThanOrEqualTo(root.get("price"), max);
    }

    /** Rows strictly after the cursor in the given order: (key, id) > (k, i), or < when descending. */
    static Specification<Item> after(ItemSortDto sort, KeysetCursor cursor) {
        boolean descending = descending(sort);
        String property = property(sort);
        Comparable<?> key = property.equals("price") ? new BigDecimal(cursor.key()) : Instant.parse(cursor.key());
        return (root, query, cb) -> {
            @SuppressWarnings("unchecked")
            Path<Comparable<Object>> keyPath = (Path<Comparable<Object>>) (Path<?>) root.get(property);
            @SuppressWarnings("unchecked")
            Comparable<Object> k = (Comparable<Object>) key;
            Path<java.util.UUID> id = root.get("id");
            // The leading bound on the key alone is redundant logically but lets PostgreSQL range-scan the
            // (key, id) index instead of filtering every row before the cursor (measured by the benchmark).
            return descending
                    ? cb.and(
                            cb.lessThanOrEqualTo(keyPath, k),
                            cb.or(cb.lessThan(keyPath, k), cb.and(cb.equal(keyPath, k), cb.lessThan(id, cursor.id()))))
                    : cb.and(
                            cb.greaterThanOrEqualTo(keyPath, k),
                            cb.or(
                                    cb.greaterThan(keyPath, k),
                                    cb.and(cb.equal(keyPath, k), cb.greaterThan(id, cursor.id()))));
        };
    }

    static Sort order(ItemSortDto sort) {
        Sort.Direction direction = descending(sort) ? Sort.Direction.DESC : Sort.Direction.ASC;
        return Sort.by(direction, property(sort)).and(Sort.by(direction, "id"));
    }

    static String key(ItemSortDto sort, ItemView item) {
        return property(sort).equals("price")
                ? item.price().toPlainString()
                : item.createdAt().toString();
    }

    private static boolean descending(ItemSortDto sort) {
        return sort.getValue().startsWith("-");
    }

    private static String property(ItemSortDto sort) {
        return switch (sort) {
            case CREATED_AT_ASC, CREATED_AT_DESC -> "createdAt";
            case PRICE_ASC, PRICE_DESC -> "price";
        };
    }
}
