package dev.marketplace.item;

import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;

/** Item reads as {@link ItemView}s: a repository fragment (see {@link ItemViewsImpl}). */
interface ItemViews {

    /**
     * One keyset page of the items {@code spec} selects, in {@code sort} order, at most {@code limit}: no OFFSET
     * and no COUNT, so the cost does not grow with the table.
     */
    List<ItemView> findViewPage(Specification<Item> spec, Sort sort, int limit);
}
