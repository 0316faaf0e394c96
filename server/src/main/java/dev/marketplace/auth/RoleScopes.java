package dev.marketplace.auth;

import java.util.Map;
import java.util.Set;

/** The scopes a role's tokens carry; the spec's oauth2 scheme documents the same table. */
final class RoleScopes {

    private static final Map<String, Set<String>> BY_ROLE = Map.of(
            "buyer", Set.of("items:read", "account"),
            "seller", Set.of("items:read", "items:write", "account"),
            "partner", Set.of("items:read", "items:write", "account", "api-keys:manage", "webhooks:manage"),
            "admin", Set.of("items:read", "items:write", "account", "users:admin", "api-keys:manage", "webhooks:manage"));

    private RoleScopes() {
    }

    static Set<String> of(String role) {
        return BY_ROLE.getOrDefault(role, Set.of());
    }
}
