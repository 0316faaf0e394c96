package dev.marketplace.shared.security;

import java.util.Set;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling, as the domain sees it: the token's subject and its scopes. Resolved once per request
 * from the verified credentials (see {@link CurrentActor}); services take it as a parameter.
 */
public record Actor(String subject, Set<String> scopes) {

    public static final String ADMIN_SCOPE = "users:admin";

    public boolean isAdmin() {
        return scopes.contains(ADMIN_SCOPE);
    }

    /** Makes this actor the authenticated caller of the current request (API key and session filters). */
    void authenticate() {
        var authorities = scopes.stream()
                .map(s -> new SimpleGrantedAuthority("SCOPE_" + s))
                .toList();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(subject, null, authorities));
        SecurityContextHolder.setContext(context);
    }

    /** Whether this actor may change a resource owned by {@code owner} (its owner, or an admin). */
    public boolean mayChange(String owner) {
        return isAdmin() || subject.equals(owner);
    }
}
