package dev.marketplace.webhook;

import dev.marketplace.shared.events.DomainEvent;
import dev.marketplace.shared.events.EventEnvelope;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * After an event's transaction commits, queues one delivery per subscribed, active endpoint whose owner is
 * in the event's audience. Runs from the outbox (event_publication): if this fails or the process dies it is
 * retried, and the unique (endpoint, event) key makes the retry harmless.
 *
 * <p>Each delivery keeps the W3C {@code traceparent} of the trace current here — the request's that published
 * the event, carried onto this after-commit listener by the application task executor — so its attempts, sent
 * later by any instance, continue that trace (see {@link DeliveryWorker}). A publication handed over again by
 * the outbox retry or after a restart is in the retry's trace instead, or in none.
 */
@Component
class WebhookFanout {

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final DeliveryRepository deliveries;
    private final JsonMapper json;
    private final Clock clock;
    private final Tracer tracer;
    private final Propagator propagator;

    /** Without tracing ({@code management.tracing.enabled=false}) there is no propagator and nothing is stored. */
    WebhookFanout(DeliveryRepository deliveries, JsonMapper json, Clock clock, Tracer tracer, ObjectProvider<Propagator> propagator) {
        this.deliveries = deliveries;
        this.json = json;
        this.clock = clock;
        this.tracer = tracer;
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    @ApplicationModuleListener
    void on(DomainEvent event) {
        var endpoints = deliveries.subscribedEndpoints(event.audience(), event.type());
        if (endpoints.isEmpty()) {
            return;
        }
        String payload = EventEnvelope.toJson(event, json);
        String traceparent = currentTraceparent();
        for (UUID endpoint : endpoints) {
            deliveries.enqueue(endpoint, event.eventId(), event.type(), payload, traceparent, clock.instant());
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
