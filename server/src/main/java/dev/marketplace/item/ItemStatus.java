package dev.marketplace.item;

/** Stored item status (the column holds the name); mapped to the API's {@code ItemStatus} by {@link ItemMapper}. */
enum ItemStatus {
    draft,
    active,
    archived
}
