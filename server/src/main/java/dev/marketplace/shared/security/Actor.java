package dev.marketplace.shared.security;

import java.util.Set;

/**
 * Who is calling, as the domain sees it: the token's subject and its scopes. Resolved once per request
 * from the verified credentials (see {@link CurrentActor}); services take it as a parameter.
 */
public record Actor(String subject, Set<String> scopes) {

    public static final String ADMIN_SCOPE = "users:admin";

    public boolean isAdmin() {
        return scopes.contains(ADMIN_SCOPE);
    }

    /** Whether this actor may change a resource owned by {@code owner} (its owner, or an admin). */
    public boolean mayChange(String owner) {
        return isAdmin() || subject.equals(owner);
    }
}
