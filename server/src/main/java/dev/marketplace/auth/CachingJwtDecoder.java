package dev.marketplace.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Verifies each distinct bearer token once. A token whose signature and claims passed is kept, keyed by the
 * token itself, in a bounded cache, at most until it expires and never longer than {@code maxAge}; a client
 * that sends the same token again skips the RSA verification and JSON parsing (measured: see the commit).
 *
 * <p>Every hit runs the validators again (expiry and not-before with their clock skew, issuer, audience), so
 * a cached token is refused the moment it expires, exactly as an uncached one. Failures are never cached: a
 * token signed by another (e.g. revoked) key, tampered with or malformed reaches the delegate every time and
 * fails there. Tokens are never logged. The cache holds only what the delegate already accepted, so a forged
 * token cannot fill it; its size is bounded all the same.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Cache<String, Jwt> verified;

    CachingJwtDecoder(
            JwtDecoder delegate, OAuth2TokenValidator<Jwt> validator, int maxEntries, Duration maxAge, Clock clock) {
        this.delegate = delegate;
        this.validator = validator;
        long maxAgeNanos = maxAge.toNanos();
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> lifetime(jwt, clock.instant(), maxAgeNanos)))
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.getIfPresent(token);
        if (jwt != null) {
            OAuth2TokenValidatorResult result = validator.validate(jwt);
            if (!result.hasErrors()) {
                return jwt;
            }
            verified.invalidate(token); // expired meanwhile: the delegate refuses it with the usual error
        }
        jwt = delegate.decode(token);
        verified.put(token, jwt);
        return jwt;
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private static Duration lifetime(Jwt jwt, Instant now, long maxAgeNanos) {
        Instant expiresAt = jwt.getExpiresAt();
        long untilExpiry = expiresAt == null
                ? maxAgeNanos
                : Math.max(0, Duration.between(now, expiresAt).toNanos());
        return Duration.ofNanos(Math.min(untilExpiry, maxAgeNanos));
    }
}
