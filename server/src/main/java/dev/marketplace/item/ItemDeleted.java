package dev.marketplace.item;

import java.util.UUID;

/** An item was deleted (published inside the deleting transaction; listeners clean up after commit). */
public record ItemDeleted(UUID itemId) {}
