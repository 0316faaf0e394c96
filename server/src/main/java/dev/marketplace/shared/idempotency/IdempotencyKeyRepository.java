package dev.marketplace.shared.idempotency;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code idempotency_keys} table, in plain SQL: the insert must not throw on a duplicate (it decides the race). */
@Repository
class IdempotencyKeyRepository {

    /** A stored key. {@code responseStatus} etc. are null while the first attempt is in progress. */
    record Row(
            String requestHash,
            String status,
            Integer responseStatus,
            String responseContentType,
            String responseLocation,
            String responseBody,
            Instant createdAt) {

        boolean inProgress() {
            return "in_progress".equals(status);
        }
    }

    private final JdbcClient jdbc;

    IdempotencyKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the key; false when a row for it exists already (a concurrent insert waits for the other to commit). */
    boolean insertInProgress(String principal, String key, String hash, Instant now) {
        return jdbc.sql("""
                        INSERT INTO idempotency_keys (principal, idempotency_key, request_hash, status, created_at)
                        VALUES (:principal, :key, :hash, 'in_progress', :now)
                        ON CONFLICT (principal, idempotency_key) DO NOTHING""")
                        .param("principal", principal)
                        .param("key", key)
                        .param("hash", hash)
                        .param("now", ts(now))
                        .update()
                == 1;
    }

    Optional<Row> find(String principal, String key) {
        return jdbc.sql("""
                        SELECT request_hash, status, response_status, response_content_type, response_location,
                               response_body, created_at
                        FROM idempotency_keys WHERE principal = :principal AND idempotency_key = :key""")
                .param("principal", principal)
                .param("key", key)
                .query((rs, n) -> new Row(
                        rs.getString(1),
                        rs.getString(2),
                        (Integer) rs.getObject(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant()))
                .optional();
    }

    /** Takes over an abandoned attempt; false when another retry took it first. */
    boolean takeOver(String principal, String key, Instant abandonedAt, Instant now) {
        return jdbc.sql("""
                        UPDATE idempotency_keys SET created_at = :now
                        WHERE principal = :principal AND idempotency_key = :key AND status = 'in_progress'
                          AND created_at = :abandonedAt""")
                        .param("principal", principal)
                        .param("key", key)
                        .param("now", ts(now))
                        .param("abandonedAt", ts(abandonedAt))
                        .update()
                == 1;
    }

    void complete(
            String principal, String key, int status, String contentType, String location, String body, Instant now) {
        jdbc.sql("""
                        UPDATE idempotency_keys
                        SET status = 'completed', response_status = :status, response_content_type = :contentType,
                            response_location = :location, response_body = :body, completed_at = :now
                        WHERE principal = :principal AND idempotency_key = :key""")
                .param("principal", principal)
                .param("key", key)
                .param("status", status)
                .param("contentType", contentType)
                .param("location", location)
                .param("body", body)
                .param("now", ts(now))
                .update();
    }

    void delete(String principal, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE principal = :principal AND idempotency_key = :key")
                .param("principal", principal)
                .param("key", key)
                .update();
    }

    int deleteCreatedBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < :cutoff")
                .param("cutoff", ts(cutoff))
                .update();
    }

    private static java.sql.Timestamp ts(Instant instant) {
        return java.sql.Timestamp.from(instant);
    }
}
