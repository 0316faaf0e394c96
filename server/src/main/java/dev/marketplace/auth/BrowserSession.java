package dev.marketplace.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A browser sign-in; the cookie and CSRF values are stored only as hashes. */
@Entity
@Table(name = "browser_sessions")
class BrowserSession {

    @Id
    private UUID id;

    @Column(name = "session_hash", nullable = false, length = 64, columnDefinition = "char(64)")
    private String sessionHash;

    @Column(name = "csrf_hash", nullable = false, length = 64, columnDefinition = "char(64)")
    private String csrfHash;

    @Column(name = "user_id", nullable = false)
    private UUID userId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected BrowserSession() {}

    BrowserSession(String sessionHash, String csrfHash, UUID userId, Instant now, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.sessionHash = sessionHash;
        this.csrfHash = csrfHash;
        this.userId = userId;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    UUID userId() {
        return userId;
    }

    String csrfHash() {
        return csrfHash;
    }

    boolean isActive(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    void end(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }
}
