package dev.marketplace.client;

import dev.marketplace.client.api.AuthApi;
import dev.marketplace.client.model.TokenResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The token pair of a signed-in {@link MarketplaceClient}: issues it with the password grant, and
 * replaces it with the refresh grant shortly before the access token expires or when the server
 * rejected it.
 *
 * <p>Thread-safe. Reads are lock-free; every call to the token endpoint happens under one lock, so
 * concurrent requests that find the token stale trigger a single refresh, and a refresh token is sent
 * at most once: after a refresh only its (rotated) successor is kept.
 */
final class TokenSession {

    /** Refresh this long before expiry at most (10% of the lifetime for short-lived tokens). */
    static final Duration MAX_EARLY_REFRESH = Duration.ofSeconds(60);

    private record State(TokenResponse tokens, Instant refreshAt) {}

    private final AuthApi auth;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile @Nullable State state;

    TokenSession(AuthApi auth, Clock clock) {
        this.auth = auth;
        this.clock = clock;
    }

    TokenResponse login(String email, String password) {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
        lock.lock();
        try {
            Instant sent = clock.instant();
            TokenResponse tokens = auth.issueToken("password", email, password, null, null);
            state = new State(tokens, refreshAt(sent, tokens));
            return tokens;
        } finally {
            lock.unlock();
        }
    }

    /** Signs in with a refresh token kept from an earlier session (it is used up: keep the new one). */
    TokenResponse resume(String refreshToken) {
        Objects.requireNonNull(refreshToken, "refreshToken");
        lock.lock();
        try {
            Instant sent = clock.instant();
            TokenResponse tokens = auth.issueToken("refresh_token", null, null, refreshToken, null);
            state = new State(tokens, refreshAt(sent, tokens));
            return tokens;
        } finally {
            lock.unlock();
        }
    }

    /** Refreshes now, whatever the expiry. */
    TokenResponse refresh() {
        lock.lock();
        try {
            State current = state;
            if (current == null) {
                throw new IllegalStateException("Not signed in: call login(email, password) first");
            }
            return refreshLocked(current).tokens();
        } finally {
            lock.unlock();
        }
    }

    void logout() {
        lock.lock();
        try {
            state = null;
        } finally {
            lock.unlock();
        }
    }

    Optional<TokenResponse> tokens() {
        State current = state;
        return Optional.ofNullable(current == null ? null : current.tokens());
    }

    /** The access token for the next request, refreshed first if it is about to expire; {@code null} if signed out. */
    @Nullable
    String accessToken() {
        State current = state;
        if (current == null) {
            return null;
        }
        if (clock.instant().isBefore(current.refreshAt())) {
            return current.tokens().getAccessToken();
        }
        lock.lock();
        try {
            current = state; // another thread may have refreshed (or signed out) meanwhile
            if (current == null) {
                return null;
            }
            if (clock.instant().isBefore(current.refreshAt())) {
                return current.tokens().getAccessToken();
            }
            return refreshLocked(current).tokens().getAccessToken();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The server answered 401 to {@code rejected}: a token to retry with (a concurrent refresh's, or a
     * fresh one), or {@code null} if there is nothing better to send.
     */
    @Nullable
    String afterRejection(String rejected) {
        lock.lock();
        try {
            State current = state;
            if (current == null) {
                return null;
            }
            if (!current.tokens().getAccessToken().equals(rejected)) {
                return current.tokens().getAccessToken(); // already replaced by another request
            }
            return refreshLocked(current).tokens().getAccessToken();
        } finally {
            lock.unlock();
        }
    }

    private State refreshLocked(State current) {
        Instant sent = clock.instant();
        TokenResponse tokens;
        try {
            tokens = auth.issueToken(
                    "refresh_token", null, null, current.tokens().getRefreshToken(), null);
        } catch (ProblemException e) {
            if (!e.getStatusCode().is5xxServerError()) {
                state = null; // invalid_grant etc.: the refresh token is dead; sign in again
            }
            // A 5xx rotated nothing (the server failed before committing): the next request may retry.
            throw e;
        } catch (RuntimeException e) {
            // No answer (I/O error): the server may have rotated the token, so never send it again.
            state = null;
            throw e;
        }
        State next = new State(tokens, refreshAt(sent, tokens));
        state = next;
        return next;
    }

    private static Instant refreshAt(Instant sent, TokenResponse tokens) {
        Duration lifetime = Duration.ofSeconds(tokens.getExpiresIn() == null ? 0 : tokens.getExpiresIn());
        Duration early = lifetime.dividedBy(10);
        if (early.compareTo(MAX_EARLY_REFRESH) > 0) {
            early = MAX_EARLY_REFRESH;
        }
        return sent.plus(lifetime).minus(early);
    }
}
