package dev.marketplace.client;

import dev.marketplace.client.api.ItemsApi;
import dev.marketplace.client.model.Item;
import dev.marketplace.client.model.ItemPage;
import dev.marketplace.client.model.ItemSort;
import dev.marketplace.client.model.ItemStatus;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

/** Cursor paging over {@code listItems}: behind {@link MarketplaceClient#listItemPages} and {@code listAllItems}. */
final class ItemPages {

    private ItemPages() {}

    /** Lazily: a page is fetched when the stream reaches it; {@code next_cursor} is passed back until {@code has_more} is false. */
    static Stream<ItemPage> pages(
            ItemsApi items,
            @Nullable Integer limit,
            @Nullable String q,
            @Nullable ItemStatus status,
            @Nullable String minPrice,
            @Nullable String maxPrice,
            @Nullable ItemSort sort) {
        Iterator<ItemPage> pages = new Iterator<>() {
            private @Nullable String cursor;
            private boolean more = true;

            @Override
            public boolean hasNext() {
                return more;
            }

            @Override
            public ItemPage next() {
                if (!more) {
                    throw new NoSuchElementException();
                }
                ItemPage page = items.listItems(limit, cursor, q, status, minPrice, maxPrice, sort);
                cursor = page.getNextCursor();
                more = Boolean.TRUE.equals(page.getHasMore()) && StringUtils.hasText(cursor);
                return page;
            }
        };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The items of every page. */
    static Stream<Item> items(Stream<ItemPage> pages) {
        return pages.flatMap(page -> page.getData() == null ? Stream.empty() : page.getData().stream());
    }
}
