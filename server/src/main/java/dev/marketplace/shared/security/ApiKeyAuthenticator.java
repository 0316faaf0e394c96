package dev.marketplace.shared.security;

import java.util.Optional;

/** Resolves an API key to the caller it acts as; implemented by the domain that owns keys. */
public interface ApiKeyAuthenticator {

    /** The key's owner and scopes, or empty when the key is unknown or revoked. */
    Optional<Actor> authenticate(String rawKey);
}
