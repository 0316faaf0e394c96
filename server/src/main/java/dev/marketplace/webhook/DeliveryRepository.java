package dev.marketplace.webhook;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The delivery queue and log ({@code webhook_deliveries}, {@code webhook_delivery_attempts}) in plain SQL:
 * claiming due rows needs {@code FOR UPDATE SKIP LOCKED}, which JPA cannot express.
 */
@Repository
class DeliveryRepository {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    /** A delivery reserved for one attempt; {@code traceparent} is the trace that queued it, or null. */
    record Claimed(
            UUID id,
            UUID endpointId,
            UUID eventId,
            String eventType,
            String payload,
            int attemptCount,
            String traceparent,
            UUID token) {}

    record Row(
            UUID id,
            UUID eventId,
            String eventType,
            String status,
            int attemptCount,
            Instant nextAttemptAt,
            Instant createdAt) {}

    record Attempt(Instant attemptedAt, Integer statusCode, long durationMs, String error, String responseExcerpt) {}

    private static final String ENQUEUE = """
            INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload, traceparent, status, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)
            ON CONFLICT (endpoint_id, event_id) DO NOTHING""";

    private final JdbcTemplate jdbc;

    DeliveryRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An active endpoint: whose it is and the event types it subscribed to. */
    record Subscription(UUID id, String ownerId, Set<String> eventTypes) {}

    /** A delivery to queue; {@code traceparent} is the trace that caused the event, or null. */
    record NewDelivery(UUID endpointId, UUID eventId, String eventType, String payload, String traceparent) {}

    /** The active endpoints of these owners, in one query. */
    List<Subscription> subscriptions(Collection<String> owners) {
        if (owners.isEmpty()) {
            return List.of();
        }
        return jdbc.query(
                con -> {
                    var ps = con.prepareStatement(
                            "SELECT id, owner_id, event_types FROM webhook_endpoints WHERE owner_id = ANY (?) AND status = 'active'");
                    ps.setArray(1, con.createArrayOf("varchar", owners.toArray()));
                    return ps;
                },
                (rs, i) -> new Subscription(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        Set.of(rs.getString(3).split(" "))));
    }

    /** One pending delivery; a second enqueue of the same event for the same endpoint does nothing. */
    boolean enqueue(UUID endpointId, UUID eventId, String type, String payload, String traceparent, Instant now) {
        return jdbc.update(
                        ENQUEUE, UUID.randomUUID(), endpointId, eventId, type, payload, traceparent, ts(now), ts(now))
                == 1;
    }

    /**
     * Pending deliveries, in one JDBC batch (one round trip); an (endpoint, event) pair queued before is left as it
     * is, so a retried batch adds nothing.
     */
    void enqueue(List<NewDelivery> deliveries, Instant now) {
        if (deliveries.isEmpty()) {
            return;
        }
        OffsetDateTime at = ts(now);
        jdbc.batchUpdate(
                ENQUEUE,
                deliveries.stream()
                        .map(d -> new Object[] {
                            UUID.randomUUID(),
                            d.endpointId(),
                            d.eventId(),
                            d.eventType(),
                            d.payload(),
                            d.traceparent(),
                            at,
                            at
                        })
                        .toList());
    }

    /**
     * Reserves up to {@code limit} due deliveries of active endpoints for this instance until {@code until}.
     * One statement: rows another instance is claiming right now are skipped (SKIP LOCKED), rows it claimed
     * are skipped by their lease.
     */
    List<Claimed> claim(int limit, Instant now, Instant until, UUID token) {
        return jdbc.query(
                """
                UPDATE webhook_deliveries d SET claimed_until = ?, claim_token = ?
                WHERE d.id IN (
                    SELECT q.id FROM webhook_deliveries q JOIN webhook_endpoints e ON e.id = q.endpoint_id
                    WHERE q.status = 'pending' AND q.next_attempt_at <= ? AND e.status = 'active'
                      AND (q.claimed_until IS NULL OR q.claimed_until < ?)
                    ORDER BY q.next_attempt_at
                    LIMIT ?
                    FOR UPDATE OF q SKIP LOCKED)
                RETURNING d.id, d.endpoint_id, d.event_id, d.event_type, d.payload, d.attempt_count, d.traceparent""",
                (rs, i) -> new Claimed(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getString(7),
                        token),
                ts(until),
                token,
                ts(now),
                ts(now),
                limit);
    }

    /** Disables an active endpoint; its owner when it was active until now (so the owner is told once). */
    Optional<String> disableEndpoint(UUID endpointId, String reason, Instant now) {
        return jdbc.query("""
                UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = ?, updated_at = ?, version = version + 1
                WHERE id = ? AND status = 'active' RETURNING owner_id""", (rs, i) -> rs.getString(1), reason, ts(now), endpointId).stream()
                .findFirst();
    }

    /** Records the outcome of a claimed attempt; false when the lease was lost (another instance owns it now). */
    boolean finish(UUID id, UUID token, String status, Instant nextAttemptAt, Instant completedAt) {
        return jdbc.update("""
                UPDATE webhook_deliveries
                SET status = ?, next_attempt_at = ?, completed_at = ?, attempt_count = attempt_count + 1,
                    claimed_until = NULL, claim_token = NULL
                WHERE id = ? AND claim_token = ?""", status, ts(nextAttemptAt), ts(completedAt), id, token) == 1;
    }

    void recordAttempt(UUID deliveryId, Attempt attempt) {
        jdbc.update(
                """
                INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, status_code, duration_ms, error, response_excerpt)
                VALUES (?, ?, ?, ?, ?, ?)""",
                deliveryId,
                ts(attempt.attemptedAt()),
                attempt.statusCode(),
                attempt.durationMs(),
                attempt.error(),
                attempt.responseExcerpt());
    }

    /** Newest first; {@code afterCreatedAt}/{@code afterId} continue after a page's last row. */
    List<Row> page(UUID endpointId, Instant afterCreatedAt, UUID afterId, int limit) {
        String sql = """
                SELECT id, event_id, event_type, status, attempt_count, next_attempt_at, created_at FROM webhook_deliveries
                WHERE endpoint_id = ? %s ORDER BY created_at DESC, id DESC LIMIT ?""";
        if (afterId == null) {
            return jdbc.query(sql.formatted(""), DeliveryRepository::row, endpointId, limit);
        }
        return jdbc.query(
                sql.formatted("AND (created_at, id) < (?, ?)"),
                DeliveryRepository::row,
                endpointId,
                ts(afterCreatedAt),
                afterId,
                limit);
    }

    Optional<Row> find(UUID endpointId, UUID id) {
        return jdbc.query("""
                SELECT id, event_id, event_type, status, attempt_count, next_attempt_at, created_at FROM webhook_deliveries
                WHERE endpoint_id = ? AND id = ?""", DeliveryRepository::row, endpointId, id).stream().findFirst();
    }

    /** The latest {@code perDelivery} attempts of each delivery, newest first, in one query. */
    Map<UUID, List<Attempt>> latestAttempts(List<UUID> deliveryIds, int perDelivery) {
        Map<UUID, List<Attempt>> result = new LinkedHashMap<>();
        deliveryIds.forEach(id -> result.put(id, new ArrayList<>()));
        if (deliveryIds.isEmpty()) {
            return result;
        }
        jdbc.query(
                con -> {
                    var ps = con.prepareStatement("""
                    SELECT delivery_id, attempted_at, status_code, duration_ms, error, response_excerpt FROM (
                        SELECT a.*, row_number() OVER (PARTITION BY delivery_id ORDER BY attempted_at DESC, id DESC) AS n
                        FROM webhook_delivery_attempts a WHERE delivery_id = ANY (?)) ranked
                    WHERE n <= ? ORDER BY attempted_at DESC, id DESC""");
                    Array ids = con.createArrayOf("uuid", deliveryIds.toArray());
                    ps.setArray(1, ids);
                    ps.setInt(2, perDelivery);
                    return ps;
                },
                rs -> {
                    Integer status = rs.getObject(3) == null ? null : rs.getInt(3);
                    result.get(rs.getObject(1, UUID.class))
                            .add(new Attempt(instant(rs, 2), status, rs.getLong(4), rs.getString(5), rs.getString(6)));
                });
        return result;
    }

    /** Makes a delivery due now again (same event id); false if it is claimed by a sender at this moment. */
    boolean reschedule(UUID endpointId, UUID id, Instant now) {
        return jdbc.update("""
                UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, completed_at = NULL
                WHERE endpoint_id = ? AND id = ? AND (claimed_until IS NULL OR claimed_until < ?)""", ts(now), endpointId, id, ts(now)) == 1;
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                instant(rs, 6),
                instant(rs, 7));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
