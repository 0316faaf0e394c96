package dev.marketplace.shared.security;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Reads the caller from the security context that the filter chain filled in for this request. */
@Component
public class CurrentActor {

    private static final String SCOPE_PREFIX = "SCOPE_";

    /** The authenticated caller; the filter chain guarantees one on every protected operation. */
    public Actor require() {
        return optional()
                .orElseThrow(() -> new IllegalStateException("No authenticated caller on a protected operation"));
    }

    /**
     * The caller on a public operation: the actor when the request carried credentials (bearer token, API key
     * or session cookie, verified by the filter chain), empty for an anonymous request.
     */
    public Optional<Actor> optional() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            return Optional.empty();
        }
        Set<String> scopes = auth.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(SCOPE_PREFIX))
                .map(a -> a.substring(SCOPE_PREFIX.length()))
                .collect(Collectors.toUnmodifiableSet());
        return Optional.of(new Actor(auth.getName(), scopes));
    }
}
