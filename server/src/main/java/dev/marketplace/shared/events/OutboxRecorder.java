package dev.marketplace.shared.events;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The write side of the outbox: a {@link DomainEvent} published with Spring's {@code ApplicationEventPublisher}
 * becomes one {@code outbox_events} row, written in the publishing transaction (one {@code INSERT}, no extra
 * transaction), together with the W3C {@code traceparent} of the current span so that what the event causes
 * later — webhook attempts sent by any instance — stays in the request's trace. After commit this instance's
 * {@link OutboxRelay} is woken; a rolled-back change leaves no event.
 */
@Component
class OutboxRecorder {

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final Tracer tracer;
    private final Propagator propagator;
    private final TransactionSynchronization wakeRelay;

    /** Without tracing ({@code management.tracing.enabled=false}) there is no propagator and no traceparent is stored. */
    OutboxRecorder(
            JdbcTemplate jdbc,
            JsonMapper json,
            Clock clock,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator,
            OutboxRelay relay) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
        this.wakeRelay = new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wake();
            }
        };
    }

    @EventListener
    void record(DomainEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException(
                    "A domain event must be published inside the transaction of its change: " + event.type());
        }
        Instant now = clock.instant();
        jdbc.update(
                """
                INSERT INTO outbox_events (event_id, event_type, event_class, payload, traceparent, available_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                event.eventId(),
                event.type(),
                event.getClass().getName(),
                json.writeValueAsString(event),
                currentTraceparent(),
                now.atOffset(ZoneOffset.UTC),
                now.atOffset(ZoneOffset.UTC));
        // One synchronization per transaction is enough (equal instances are registered once).
        if (!TransactionSynchronizationManager.getSynchronizations().contains(wakeRelay)) {
            TransactionSynchronizationManager.registerSynchronization(wakeRelay);
        }
    }

    /** {@code 00-<trace-id>-<span-id>-<flags>} of the current span, as the configured propagator writes it; null without one. */
    private String currentTraceparent() {
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        String traceparent = carrier.get("traceparent");
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches() ? traceparent : null;
    }
}
