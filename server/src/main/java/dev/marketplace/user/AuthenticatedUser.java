package dev.marketplace.user;

import java.util.UUID;

/** What the token service learns about a user whose credentials checked out. */
public record AuthenticatedUser(UUID id, String role) {}
