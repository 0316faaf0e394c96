package dev.marketplace.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface BrowserSessionRepository extends Repository<BrowserSession, UUID> {

    BrowserSession save(BrowserSession session);

    Optional<BrowserSession> findBySessionHash(String sessionHash);

    @Modifying
    @Query("update BrowserSession s set s.revokedAt = :now where s.userId = :user and s.revokedAt is null")
    int endAllOf(UUID user, Instant now);
}
