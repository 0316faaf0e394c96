package dev.marketplace.webhook;

import dev.marketplace.api.model.WebhookDeliveryDto;
import dev.marketplace.api.model.WebhookDeliveryPageDto;
import dev.marketplace.api.model.WebhookEndpointCreateDto;
import dev.marketplace.api.model.WebhookEndpointCreatedDto;
import dev.marketplace.api.model.WebhookEndpointDto;
import dev.marketplace.api.model.WebhookEndpointListDto;
import dev.marketplace.api.model.WebhookEndpointPatchDto;
import dev.marketplace.api.model.WebhookEndpointStatusDto;
import dev.marketplace.api.model.WebhookEventTypeDto;
import dev.marketplace.api.model.WebhookSecretDto;
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

    private final WebhookEndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final WebhookSecrets secrets;
    private final TargetGuard guard;
    private final WebhookProperties properties;
    private final WebhookMapper mapper;
    private final Clock clock;

    WebhookService(
            WebhookEndpointRepository endpoints,
            DeliveryRepository deliveries,
            WebhookSecrets secrets,
            TargetGuard guard,
            WebhookProperties properties,
            WebhookMapper mapper,
            Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.guard = guard;
        this.properties = properties;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Transactional
    public WebhookEndpointCreatedDto create(Actor owner, WebhookEndpointCreateDto request) {
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
        WebhookEndpoint endpoint = endpoints.saveAndFlush(new WebhookEndpoint(
                owner.subject(), url, types(request.getEventTypes()), description, secrets.seal(secret), now()));
        return new WebhookEndpointCreatedDto(secret, mapper.toDto(endpoint));
    }

    @Transactional(readOnly = true)
    public WebhookEndpointListDto list(Actor owner) {
        return new WebhookEndpointListDto(endpoints.findTop20ByOwnerIdOrderByCreatedAtDesc(owner.subject()).stream()
                .map(mapper::toDto)
                .toList());
    }

    @Transactional(readOnly = true)
    public WebhookEndpointDto get(Actor owner, UUID id) {
        return mapper.toDto(find(owner, id));
    }

    @Transactional
    public WebhookEndpointDto update(Actor owner, UUID id, WebhookEndpointPatchDto patch) {
        boolean describes =
                patch.getDescription() != null && patch.getDescription().isPresent();
        if (patch.getUrl() == null && patch.getEventTypes() == null && !describes && patch.getStatus() == null) {
            throw new ApiException(
                    ProblemType.EMPTY_PATCH, "The patch has no properties; send at least one to change.");
        }
        WebhookEndpoint endpoint = find(owner, id);
        if (patch.getUrl() != null) {
            endpoint.setUrl(checkedUrl(patch.getUrl()));
        }
        if (patch.getEventTypes() != null) {
            endpoint.setEventTypes(types(patch.getEventTypes()));
        }
        if (describes) {
            endpoint.setDescription(patch.getDescription().get());
        }
        if (patch.getStatus() == WebhookEndpointStatusDto.ACTIVE) {
            endpoint.enable();
        } else if (patch.getStatus() == WebhookEndpointStatusDto.DISABLED) {
            endpoint.disable("Disabled by its owner.");
        }
        endpoint.touch(now());
        return mapper.toDto(endpoints.saveAndFlush(endpoint));
    }

    @Transactional
    public void delete(Actor owner, UUID id) {
        endpoints.delete(find(owner, id));
    }

    @Transactional
    public WebhookSecretDto rotateSecret(Actor owner, UUID id) {
        WebhookEndpoint endpoint = find(owner, id);
        String secret = WebhookSecrets.generate();
        Instant previousExpires = now().plus(properties.secretGracePeriod());
        endpoint.rotate(secrets.seal(secret), previousExpires);
        endpoint.touch(now());
        endpoints.saveAndFlush(endpoint);
        return new WebhookSecretDto(secret, previousExpires.atOffset(ZoneOffset.UTC));
    }

    @Transactional(readOnly = true)
    public WebhookDeliveryPageDto deliveries(Actor owner, UUID endpointId, int limit, String cursor) {
        WebhookEndpoint endpoint = find(owner, endpointId);
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
        WebhookDeliveryPageDto result = new WebhookDeliveryPageDto(
                page.stream().map(r -> mapper.toDto(r, attempts.get(r.id()))).toList(), hasMore, null);
        result.setNextCursor(JsonNullable.of(next));
        return result;
    }

    @Transactional
    public WebhookDeliveryDto redeliver(Actor owner, UUID endpointId, UUID deliveryId) {
        WebhookEndpoint endpoint = find(owner, endpointId);
        if (!WebhookEndpoint.ACTIVE.equals(endpoint.getStatus())) {
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
        return mapper.toDto(
                row, deliveries.latestAttempts(List.of(deliveryId), 10).get(deliveryId));
    }

    private WebhookEndpoint find(Actor owner, UUID id) {
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

    private static List<String> types(java.util.Collection<WebhookEventTypeDto> types) {
        if (types.stream()
                .anyMatch(java.util.Objects::isNull)) { // JSON [null]: Bean Validation does not look inside the set
            throw dev.marketplace.shared.problem.ApiException.invalidField(
                    "event_types", "not_null", "must not contain null");
        }
        return types.stream()
                .map(WebhookEventTypeDto::getValue)
                .distinct()
                .sorted()
                .toList();
    }

    private Instant now() {
        return clock.instant();
    }
}
