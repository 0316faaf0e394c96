package dev.marketplace.item;

import dev.marketplace.api.model.ItemSort;
import dev.marketplace.api.model.ItemStatus;

/** A list request, already validated against the spec's bounds. */
record ItemQuery(int limit, String cursor, String text, ItemStatus status, String minPrice, String maxPrice, ItemSort sort) {
}
