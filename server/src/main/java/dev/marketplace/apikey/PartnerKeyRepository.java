package dev.marketplace.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface PartnerKeyRepository extends Repository<PartnerKey, UUID> {

    PartnerKey saveAndFlush(PartnerKey key);

    Optional<PartnerKey> findByIdAndOwnerId(UUID id, UUID ownerId);

    Optional<PartnerKey> findByKeyHash(String keyHash);

    List<PartnerKey> findTop100ByOwnerIdOrderByCreatedAtDesc(UUID ownerId);

    /** Records use at most once a minute per key, so authentication is not a write on every request. */
    @Modifying
    @Query(
            "update PartnerKey k set k.lastUsedAt = :now where k.id = :id and (k.lastUsedAt is null or k.lastUsedAt < :staleBefore)")
    int touch(UUID id, Instant now, Instant staleBefore);
}
