package dev.marketplace.webhook;

import dev.marketplace.api.model.WebhookDelivery;
import dev.marketplace.api.model.WebhookDeliveryAttempt;
import dev.marketplace.api.model.WebhookDeliveryPage;
import dev.marketplace.api.model.WebhookDeliveryStatus;
import dev.marketplace.api.model.WebhookEndpoint;
import dev.marketplace.api.model.WebhookEndpointCreate;
import dev.marketplace.api.model.WebhookEndpointCreated;
import dev.marketplace.api.model.WebhookEndpointList;
import dev.marketplace.api.model.WebhookEndpointPatch;
import dev.marketplace.api.model.WebhookEndpointStatus;
import dev.marketplace.api.model.WebhookEventType;
import dev.marketplace.api.model.WebhookSecret;
import dev.marketplace.shared.paging.KeysetCursor;
import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.security.Actor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openapitools.jackson.nullable.JsonNullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A partner's webhook endpoints and their delivery log. Every lookup is scoped to the caller (BOLA: 404). */
@Service
public class WebhookService {

    private static final String SORT = "-created_at";

    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final WebhookSecrets secrets;
    private final TargetGuard guard;
    private final WebhookProperties properties;
    private final Clock clock;

    WebhookService(
            EndpointRepository endpoints,
            DeliveryRepository deliveries,
            WebhookSecrets secrets,
            TargetGuard guard,
            WebhookProperties properties,
            Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.guard = guard;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public WebhookEndpointCreated create(Actor owner, WebhookEndpointCreate request) {
        if (endpoints.countByOwnerId(owner.subject()) >= properties.maxEndpoints()) {
            throw new ApiException(
                    ProblemType.WEBHOOK_ENDPOINT_LIMIT,
                    "An account may have " + properties.maxEndpoints() + " webhook endpoints; delete one first.");
        }
        String url = checkedUrl(request.getUrl());
        String secret = WebhookSecrets.generate();
        String description = request.getDescription() == null
                ? null
                : request.getDescription().orElse(null);
        Endpoint endpoint = endpoints.saveAndFlush(new Endpoint(
                owner.subject(), url, types(request.getEventTypes()), description, secrets.seal(secret), now()));
        return new WebhookEndpointCreated(secret, toDto(endpoint));
    }

    @Transactional(readOnly = true)
    public WebhookEndpointList list(Actor owner) {
        return new WebhookEndpointList(endpoints.findTop20ByOwnerIdOrderByCreatedAtDesc(owner.subject()).stream()
                .map(WebhookService::toDto)
                .toList());
    }

    @Transactional(readOnly = true)
    public WebhookEndpoint get(Actor owner, UUID id) {
        return toDto(find(owner, id));
    }

    @Transactional
    public WebhookEndpoint update(Actor owner, UUID id, WebhookEndpointPatch patch) {
        boolean describes =
                patch.getDescription() != null && patch.getDescription().isPresent();
        if (patch.getUrl() == null && patch.getEventTypes() == null && !describes && patch.getStatus() == null) {
            throw new ApiException(
                    ProblemType.EMPTY_PATCH, "The patch has no properties; send at least one to change.");
        }
        Endpoint endpoint = find(owner, id);
        if (patch.getUrl() != null) {
            endpoint.setUrl(checkedUrl(patch.getUrl()));
        }
        if (patch.getEventTypes() != null) {
            endpoint.setEventTypes(types(patch.getEventTypes()));
        }
        if (describes) {
            endpoint.setDescription(patch.getDescription().get());
        }
        if (patch.getStatus() == WebhookEndpointStatus.ACTIVE) {
            endpoint.enable();
        } else if (patch.getStatus() == WebhookEndpointStatus.DISABLED) {
            endpoint.disable("Disabled by its owner.");
        }
        endpoint.touch(now());
        return toDto(endpoints.saveAndFlush(endpoint));
    }

    @Transactional
    public void delete(Actor owner, UUID id) {
        endpoints.delete(find(owner, id));
    }

    @Transactional
    public WebhookSecret rotateSecret(Actor owner, UUID id) {
        Endpoint endpoint = find(owner, id);
        String secret = WebhookSecrets.generate();
        Instant previousExpires = now().plus(properties.secretGracePeriod());
        endpoint.rotate(secrets.seal(secret), previousExpires);
        endpoint.touch(now());
        endpoints.saveAndFlush(endpoint);
        return new WebhookSecret(secret, previousExpires.atOffset(ZoneOffset.UTC));
    }

    @Transactional(readOnly = true)
    public WebhookDeliveryPage deliveries(Actor owner, UUID endpointId, int limit, String cursor) {
        Endpoint endpoint = find(owner, endpointId);
        KeysetCursor after = cursor == null ? null : KeysetCursor.decode(cursor, SORT);
        Instant afterCreatedAt = null;
        if (after != null) {
            try {
                afterCreatedAt = Instant.parse(after.key());
            } catch (java.time.format.DateTimeParseException e) {
                throw new ApiException(
                        ProblemType.INVALID_CURSOR,
                        "The cursor is not one this API issued; start again without a cursor.");
            }
        }
        List<DeliveryRepository.Row> rows =
                deliveries.page(endpoint.getId(), afterCreatedAt, after == null ? null : after.id(), limit + 1);
        boolean hasMore = rows.size() > limit;
        List<DeliveryRepository.Row> page = hasMore ? rows.subList(0, limit) : rows;
        Map<UUID, List<DeliveryRepository.Attempt>> attempts = deliveries.latestAttempts(
                page.stream().map(DeliveryRepository.Row::id).toList(), 10);
        String next = hasMore
                ? new KeysetCursor(
                                SORT,
                                page.getLast().createdAt().toString(),
                                page.getLast().id())
                        .encode()
                : null;
        WebhookDeliveryPage result = new WebhookDeliveryPage(
                page.stream().map(r -> toDto(r, attempts.get(r.id()))).toList(), hasMore, null);
        result.setNextCursor(JsonNullable.of(next));
        return result;
    }

    @Transactional
    public WebhookDelivery redeliver(Actor owner, UUID endpointId, UUID deliveryId) {
        Endpoint endpoint = find(owner, endpointId);
        if (!Endpoint.ACTIVE.equals(endpoint.getStatus())) {
            throw new ApiException(
                    ProblemType.WEBHOOK_ENDPOINT_DISABLED,
                    "Re-enable the endpoint (PATCH status=active) before redelivering.");
        }
        deliveries
                .find(endpoint.getId(), deliveryId)
                .orElseThrow(() -> new ApiException(
                        ProblemType.NOT_FOUND, "No delivery with id " + deliveryId + " for this endpoint."));
        if (!deliveries.reschedule(endpoint.getId(), deliveryId, now())) {
            throw new ApiException(
                    ProblemType.DELIVERY_IN_PROGRESS,
                    "The delivery is being attempted right now; look at its log in a moment.");
        }
        DeliveryRepository.Row row =
                deliveries.find(endpoint.getId(), deliveryId).orElseThrow();
        return toDto(row, deliveries.latestAttempts(List.of(deliveryId), 10).get(deliveryId));
    }

    private Endpoint find(Actor owner, UUID id) {
        return endpoints
                .findByIdAndOwnerId(id, owner.subject())
                .orElseThrow(() ->
                        new ApiException(ProblemType.NOT_FOUND, "No webhook endpoint with id " + id + " among yours."));
    }

    private String checkedUrl(String url) {
        String text = url.trim();
        String rejection = guard.rejection(text);
        if (rejection != null) {
            throw ApiException.invalidField("url", "url_not_allowed", rejection);
        }
        return text;
    }

    private static List<String> types(java.util.Collection<WebhookEventType> types) {
        if (types.stream()
                .anyMatch(java.util.Objects::isNull)) { // JSON [null]: Bean Validation does not look inside the set
            throw dev.marketplace.shared.problem.ApiException.invalidField(
                    "event_types", "not_null", "must not contain null");
        }
        return types.stream()
                .map(WebhookEventType::getValue)
                .distinct()
                .sorted()
                .toList();
    }

    static WebhookEndpoint toDto(Endpoint endpoint) {
        WebhookEndpoint dto = new WebhookEndpoint();
        dto.setId(endpoint.getId());
        dto.setUrl(endpoint.getUrl());
        dto.setEventTypes(endpoint.getEventTypes().stream()
                .map(WebhookEventType::fromValue)
                .toList());
        dto.setDescription(JsonNullable.of(endpoint.getDescription()));
        dto.setStatus(WebhookEndpointStatus.fromValue(endpoint.getStatus()));
        dto.setDisabledReason(JsonNullable.of(endpoint.getDisabledReason()));
        dto.setCreatedAt(endpoint.getCreatedAt().atOffset(ZoneOffset.UTC));
        dto.setUpdatedAt(endpoint.getUpdatedAt().atOffset(ZoneOffset.UTC));
        return dto;
    }

    private static WebhookDelivery toDto(DeliveryRepository.Row row, List<DeliveryRepository.Attempt> attempts) {
        WebhookDelivery dto = new WebhookDelivery();
        dto.setId(row.id());
        dto.setEventId(row.eventId());
        dto.setEventType(WebhookEventType.fromValue(row.eventType()));
        dto.setStatus(WebhookDeliveryStatus.fromValue(row.status()));
        dto.setAttemptCount(row.attemptCount());
        dto.setNextAttemptAt(JsonNullable.of(
                DeliveryRepository.PENDING.equals(row.status()) && row.nextAttemptAt() != null
                        ? row.nextAttemptAt().atOffset(ZoneOffset.UTC)
                        : null));
        dto.setCreatedAt(row.createdAt().atOffset(ZoneOffset.UTC));
        dto.setAttempts(attempts.stream()
                .map(a -> {
                    WebhookDeliveryAttempt attempt = new WebhookDeliveryAttempt();
                    attempt.setAttemptedAt(a.attemptedAt().atOffset(ZoneOffset.UTC));
                    attempt.setStatusCode(JsonNullable.of(a.statusCode()));
                    attempt.setDurationMs(a.durationMs());
                    attempt.setError(JsonNullable.of(a.error()));
                    attempt.setResponseExcerpt(JsonNullable.of(a.responseExcerpt()));
                    return attempt;
                })
                .toList());
        return dto;
    }

    private Instant now() {
        return clock.instant();
    }
}
