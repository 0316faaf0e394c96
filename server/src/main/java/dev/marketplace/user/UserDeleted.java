package dev.marketplace.user;

import java.util.UUID;

/** Published inside the transaction that soft-deletes an account; other domains revoke what it held. */
public record UserDeleted(UUID userId) {}
