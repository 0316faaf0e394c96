package dev.marketplace.auth;

import java.util.Map;
import java.util.Set;

/** The scopes a role's tokens carry; the spec's oauth2 scheme documents the same table. */
final class RoleScopes {

    private static final Map<String, Set<String>> BY_ROLE = Map.of(
            "buyer", Set.of("items:read", "account", "orders:read", "orders:write"),
            "seller", Set.of("items:read", "items:write", "account", "orders:read", "orders:write"),
            "partner",
                    Set.of(
                            "items:read",
                            "items:write",
                            "account",
                            "api-keys:manage",
                            "orders:read",
                            "orders:write",
                            "webhooks:manage"),
            "admin",
                    Set.of(
                            "items:read",
                            "items:write",
                            "account",
                            "users:admin",
                            "api-keys:manage",
                            "orders:read",
                            "orders:write",
                            "webhooks:manage"));

    private RoleScopes() {}

    static Set<String> of(String role) {
        return BY_ROLE.getOrDefault(role, Set.of());
    }
}
