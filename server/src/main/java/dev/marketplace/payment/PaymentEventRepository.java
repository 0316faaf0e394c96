package dev.marketplace.payment;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Provider events already handled ({@code payment_events}), for deduplication by event id. */
@Repository
class PaymentEventRepository {

    private final JdbcClient jdbc;

    PaymentEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the event unless it was recorded before. A concurrent delivery of the same event waits here
     * until the first one's transaction ends, then sees it (no double processing).
     *
     * @return false when the event id is known already
     */
    boolean recordIfNew(String id, String type, UUID orderId, String outcome, Instant now) {
        return jdbc.sql("""
                        INSERT INTO payment_events (id, type, order_id, outcome, received_at)
                        VALUES (:id, :type, :orderId, :outcome, :now)
                        ON CONFLICT (id) DO NOTHING""")
                        .param("id", id)
                        .param("type", type)
                        .param("orderId", orderId)
                        .param("outcome", outcome)
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }
}
