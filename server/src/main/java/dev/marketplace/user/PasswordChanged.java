package dev.marketplace.user;

import java.util.UUID;

/** Published inside the transaction that resets a password; sign-ins made with the old one end. */
public record PasswordChanged(UUID userId) {}
