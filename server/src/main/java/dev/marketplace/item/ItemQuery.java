package dev.marketplace.item;

import dev.marketplace.api.model.ItemSort;
import dev.marketplace.api.model.ItemStatus;
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
        ItemStatus status,
        String minPrice,
        String maxPrice,
        ItemSort sort,
        Optional<Actor> viewer) {}
