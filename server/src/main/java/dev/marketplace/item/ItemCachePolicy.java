package dev.marketplace.item;

import dev.marketplace.api.model.ItemDto;
import dev.marketplace.api.model.ItemStatusDto;
import dev.marketplace.shared.web.CachePolicy;
import java.util.Collection;

/**
 * {@code Cache-Control} of a response showing items, in v2 and v1 alike: a draft exists only for its owner or an
 * admin, so a response showing one may not be stored by a shared cache; everything else is the same for every
 * caller, hence public.
 */
public final class ItemCachePolicy {

    private ItemCachePolicy() {}

    /** The policy of a response showing this item. */
    public static String of(ItemDto item) {
        return of(isDraft(item));
    }

    /** The policy of a response showing these items (private when any of them is a draft). */
    public static String of(Collection<ItemDto> items) {
        return of(items.stream().anyMatch(ItemCachePolicy::isDraft));
    }

    private static String of(boolean showsDraft) {
        return showsDraft ? CachePolicy.PRIVATE_REVALIDATE : CachePolicy.PUBLIC_REVALIDATE;
    }

    private static boolean isDraft(ItemDto item) {
        return item.getStatus() == ItemStatusDto.DRAFT;
    }
}
