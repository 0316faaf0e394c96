package dev.marketplace.user;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface OneTimeTokenRepository extends Repository<OneTimeToken, UUID> {

    OneTimeToken save(OneTimeToken token);

    /** Locked, so two concurrent redemptions of one token cannot both succeed. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from OneTimeToken t where t.tokenHash = :hash")
    Optional<OneTimeToken> findForUpdate(String hash);
}
