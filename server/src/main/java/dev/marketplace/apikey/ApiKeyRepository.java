package dev.marketplace.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface ApiKeyRepository extends Repository<ApiKey, UUID> {

    ApiKey saveAndFlush(ApiKey key);

    Optional<ApiKey> findByIdAndOwnerId(UUID id, UUID ownerId);

    Optional<ApiKey> findByKeyHash(String keyHash);

    List<ApiKey> findTop100ByOwnerIdOrderByCreatedAtDesc(UUID ownerId);

    /** Records use at most once a minute per key, so authentication is not a write on every request. */
    @Modifying
    @Query(
            "update ApiKey k set k.lastUsedAt = :now where k.id = :id and (k.lastUsedAt is null or k.lastUsedAt < :staleBefore)")
    int touch(UUID id, Instant now, Instant staleBefore);
}
