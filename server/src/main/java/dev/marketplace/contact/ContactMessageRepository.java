package dev.marketplace.contact;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** The outbox queries: rows are claimed with FOR UPDATE SKIP LOCKED, so concurrent senders never take the same one. */
interface ContactMessageRepository extends Repository<ContactMessage, UUID> {

    ContactMessage save(ContactMessage message);

    Optional<ContactMessage> findById(UUID id);

    @Query(value = """
            SELECT * FROM contact_messages
            WHERE delivery_status = 'pending' AND next_attempt_at <= :now
            ORDER BY next_attempt_at
            LIMIT :limit
            FOR UPDATE SKIP LOCKED""", nativeQuery = true)
    List<ContactMessage> claimDue(@Param("now") Instant now, @Param("limit") int limit);

    @Query(
            value =
                    "SELECT * FROM contact_messages WHERE id = :id AND delivery_status = 'pending' FOR UPDATE SKIP LOCKED",
            nativeQuery = true)
    Optional<ContactMessage> claim(@Param("id") UUID id);
}
