package dev.marketplace.contracts;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The partner's webhook endpoint (fixed id, secret stored unencrypted as the server does without a secret key)
 * with one delivered event and its two attempts, reset before every test.
 */
final class WebhookFixtures {

    static final String ENDPOINT_ID = "3b9e8f1c-7a2d-4e6f-8b1a-2c3d4e5f6a7b";
    static final String DELIVERY_ID = "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    static final String EVENT_ID = "8f14e45f-ceea-4e67-a0a1-7c8d9e0f1a2b";

    private WebhookFixtures() {}

    /** Run after {@link UserFixtures#reset}. */
    static void reset(JdbcTemplate jdbc) {
        jdbc.update("DELETE FROM webhook_endpoints");
        jdbc.update("DELETE FROM event_tickets");
        jdbc.update(
                """
        INSERT INTO webhook_endpoints (id, owner_id, url, description, event_types, status, disabled_reason, secret,
                                       created_at, updated_at, version)
        VALUES (CAST(? AS uuid), ?, ?, ?, ?, 'active', NULL, ?, CAST(? AS timestamptz), CAST(? AS timestamptz), 0)
        """,
                ENDPOINT_ID,
                UserFixtures.PARTNER.id(),
                "https://partner.example.com/hooks/marketplace",
                "fulfilment",
                "order.placed order.status_changed",
                "plain:whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "2026-02-01T10:00:00Z",
                "2026-02-01T10:00:00Z");
        jdbc.update("""
        INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload, status, attempt_count,
                                        next_attempt_at, created_at, completed_at)
        VALUES (CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), 'order.placed', '{}', 'delivered', 2, NULL,
                CAST(? AS timestamptz), CAST(? AS timestamptz))
        """, DELIVERY_ID, ENDPOINT_ID, EVENT_ID, "2026-02-01T10:00:00Z", "2026-02-01T10:00:05.25Z");
        String attempt = """
        INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, status_code, duration_ms, error, response_excerpt)
        VALUES (CAST(? AS uuid), CAST(? AS timestamptz), ?, ?, NULL, ?)
        """;
        jdbc.update(attempt, DELIVERY_ID, "2026-02-01T10:00:00.5Z", 500, 182, "upstream unavailable");
        jdbc.update(attempt, DELIVERY_ID, "2026-02-01T10:00:05.25Z", 200, 95, "ok");
    }
}
