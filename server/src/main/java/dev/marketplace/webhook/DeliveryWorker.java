package dev.marketplace.webhook;

import dev.marketplace.webhook.DeliveryRepository.Claimed;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries. Every instance polls; a delivery is claimed by one instance for a lease, so each
 * attempt is sent once even with many instances, and a delivery whose sender died is picked up again when
 * the lease runs out (at least once). Outcomes: 2xx delivered; 410 fails it and disables the endpoint;
 * anything else is retried on the backoff schedule (with jitter, at least the receiver's Retry-After), and
 * after the last attempt the delivery fails and the endpoint is disabled, its owner told by email.
 *
 * <p>Each attempt is an observation ({@code marketplace.webhooks.attempt}, a consumer span) continuing the
 * trace stored with the delivery (the request that caused the event), or a new trace when none was: the
 * outgoing request carries that trace id in its {@code traceparent} (a span id of its own), and so do the
 * attempt's log lines.
 */
@Component
class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final DeliveryRepository deliveries;
    private final WebhookEndpointRepository endpoints;
    private final WebhookSender sender;
    private final WebhookSecrets secrets;
    private final WebhookProperties properties;
    private final EndpointDisabler disabler;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final Clock clock;

    DeliveryWorker(
            DeliveryRepository deliveries,
            WebhookEndpointRepository endpoints,
            WebhookSender sender,
            WebhookSecrets secrets,
            WebhookProperties properties,
            EndpointDisabler disabler,
            MeterRegistry meters,
            ObservationRegistry observations,
            Clock clock) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.sender = sender;
        this.secrets = secrets;
        this.properties = properties;
        this.disabler = disabler;
        this.meters = meters;
        this.observations = observations;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${marketplace.webhooks.poll-interval:1s}",
            initialDelayString = "${marketplace.webhooks.poll-interval:1s}")
    void poll() {
        List<Claimed> batch;
        try {
            Instant now = now();
            batch = deliveries.claim(properties.batchSize(), now, now.plus(properties.lease()), UUID.randomUUID());
        } catch (RuntimeException e) {
            log.warn("Could not claim webhook deliveries: {}", e.getClass().getSimpleName());
            return;
        }
        if (batch.isEmpty()) {
            return;
        }
        Map<UUID, Optional<WebhookEndpoint>> targets = batch.stream()
                .map(Claimed::endpointId)
                .distinct()
                .collect(Collectors.toMap(Function.identity(), endpoints::findById));
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Claimed claimed : batch) {
                targets.get(claimed.endpointId())
                        .ifPresent(endpoint -> parallel.submit(() -> traced(claimed, endpoint)));
            }
        }
    }

    /** The attempt in the trace that queued the delivery: its stored {@code traceparent} is the parent span. */
    private void traced(Claimed claimed, WebhookEndpoint endpoint) {
        Map<String, String> carrier =
                claimed.traceparent() == null ? Map.of() : Map.of("traceparent", claimed.traceparent());
        Observation.createNotStarted(
                        "marketplace.webhooks.attempt",
                        () -> {
                            ReceiverContext<Map<String, String>> context =
                                    new ReceiverContext<>(Map::get, Kind.CONSUMER);
                            context.setCarrier(carrier);
                            return context;
                        },
                        observations)
                .contextualName("webhook attempt")
                .lowCardinalityKeyValue("event.type", claimed.eventType())
                .highCardinalityKeyValue("webhook.delivery.id", claimed.id().toString())
                .observe(() -> attempt(claimed, endpoint));
    }

    private void attempt(Claimed claimed, WebhookEndpoint endpoint) {
        Instant started = now();
        long timestamp = started.getEpochSecond();
        String id = claimed.eventId().toString();
        WebhookSender.Answer answer = sender.send(
                endpoint.getUrl(),
                id,
                timestamp,
                signatures(endpoint, id, timestamp, claimed.payload(), started),
                claimed.payload());
        try {
            deliveries.recordAttempt(
                    claimed.id(),
                    new DeliveryRepository.Attempt(
                            started, answer.status(), answer.durationMs(), answer.error(), answer.excerpt()));
            int attemptNumber = claimed.attemptCount() + 1;
            if (!answer.delivered()) {
                log.info(
                        "Webhook delivery {} attempt {} to endpoint {} not delivered: {}",
                        claimed.id(),
                        attemptNumber,
                        endpoint.getId(),
                        answer.status() != null ? "status " + answer.status() : answer.error());
            }
            if (answer.delivered()) {
                deliveries.finish(claimed.id(), claimed.token(), DeliveryRepository.DELIVERED, null, now());
                count("delivered");
            } else if (answer.status() != null && answer.status() == 410) {
                deliveries.finish(claimed.id(), claimed.token(), DeliveryRepository.FAILED, null, now());
                disabler.disable(endpoint.getId(), "The endpoint answered 410 Gone.");
                count("gone");
            } else if (attemptNumber > properties.retrySchedule().size()) {
                deliveries.finish(claimed.id(), claimed.token(), DeliveryRepository.FAILED, null, now());
                disabler.disable(endpoint.getId(), "Deliveries failed " + attemptNumber + " times in a row.");
                count("failed");
            } else {
                deliveries.finish(
                        claimed.id(),
                        claimed.token(),
                        DeliveryRepository.PENDING,
                        nextAttempt(attemptNumber, answer),
                        null);
                count("retry");
            }
        } catch (RuntimeException e) {
            // The lease runs out and another poll retries this attempt: at least once.
            log.warn("Could not record a webhook attempt: {}", e.getClass().getSimpleName());
        }
    }

    private Instant nextAttempt(int failedAttempts, WebhookSender.Answer answer) {
        Duration base = properties.retrySchedule().get(failedAttempts - 1);
        long jittered = (long)
                (base.toMillis() * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        Duration wait = Duration.ofMillis(Math.max(1, jittered));
        if (answer.retryAfter() != null) {
            Duration asked = answer.retryAfter().compareTo(properties.maxRetryAfter()) > 0
                    ? properties.maxRetryAfter()
                    : answer.retryAfter();
            if (asked.compareTo(wait) > 0) {
                wait = asked;
            }
        }
        return now().plus(wait);
    }

    /** {@code v1,<new>} and, during the grace period after a rotation, {@code v1,<previous>}. */
    private String signatures(WebhookEndpoint endpoint, String id, long timestamp, String payload, Instant now) {
        String current = WebhookSecrets.sign(secrets.open(endpoint.getSecret()), id, timestamp, payload);
        if (endpoint.getPreviousSecret() != null
                && endpoint.getPreviousSecretExpiresAt() != null
                && endpoint.getPreviousSecretExpiresAt().isAfter(now)) {
            return current + " "
                    + WebhookSecrets.sign(secrets.open(endpoint.getPreviousSecret()), id, timestamp, payload);
        }
        return current;
    }

    private void count(String outcome) {
        meters.counter("marketplace.webhooks.deliveries", "outcome", outcome).increment();
    }

    private Instant now() {
        return clock.instant();
    }
}
