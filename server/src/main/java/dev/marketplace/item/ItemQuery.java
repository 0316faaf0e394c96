package dev.marketplace.item;

import dev.marketplace.api.model.ItemSortDto;
import dev.marketplace.api.model.ItemStatusDto;
import dev.marketplace.shared.security.Actor;
import java.util.Optional;

/**
 * A list request, already validated against the spec's bounds. {@code viewer} is the caller (empty when
 * anonymous): it decides which drafts the result includes (see {@link ItemSpecifications#visibleTo}).
 */
record ItemQuery(
        int limit,
        String cursor,
        String text,
        ItemStatusDto status,
        String minPrice,
        String maxPrice,
        ItemSortDto sort,
        Optional<Actor> viewer) {}
