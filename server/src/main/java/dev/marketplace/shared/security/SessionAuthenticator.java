package dev.marketplace.shared.security;

import java.util.Optional;

/** Resolves a browser session cookie; implemented by the domain that owns sessions. */
public interface SessionAuthenticator {

    /** The session's user with the scopes of their current role; empty when unknown, expired or ended. */
    Optional<Actor> authenticate(String sessionToken);

    /** Whether {@code csrfToken} is the CSRF token issued with this session (double-submit check). */
    boolean csrfMatches(String sessionToken, String csrfToken);
}
