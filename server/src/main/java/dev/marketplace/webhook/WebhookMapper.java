package dev.marketplace.webhook;

import dev.marketplace.api.model.WebhookDeliveryAttemptDto;
import dev.marketplace.api.model.WebhookDeliveryDto;
import dev.marketplace.api.model.WebhookDeliveryStatusDto;
import dev.marketplace.api.model.WebhookEndpointDto;
import dev.marketplace.api.model.WebhookEndpointStatusDto;
import dev.marketplace.api.model.WebhookEventTypeDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.openapitools.jackson.nullable.JsonNullable;

/** Entity and delivery rows → generated DTOs. The endpoint's secrets never leave through here. */
@Mapper
interface WebhookMapper {

    WebhookEndpointDto toDto(WebhookEndpoint endpoint);

    @Mapping(target = "nextAttemptAt", expression = "java(nextAttemptAt(row))")
    @Mapping(target = "attempts", source = "attempts")
    WebhookDeliveryDto toDto(DeliveryRepository.Row row, List<DeliveryRepository.Attempt> attempts);

    WebhookDeliveryAttemptDto toDto(DeliveryRepository.Attempt attempt);

    /** Only a pending delivery has a next attempt; a finished one keeps its last schedule in the row. */
    default JsonNullable<OffsetDateTime> nextAttemptAt(DeliveryRepository.Row row) {
        return JsonNullable.of(
                DeliveryRepository.PENDING.equals(row.status()) && row.nextAttemptAt() != null
                        ? utc(row.nextAttemptAt())
                        : null);
    }

    default WebhookEventTypeDto eventType(String type) {
        return WebhookEventTypeDto.fromValue(type);
    }

    default WebhookEndpointStatusDto endpointStatus(String status) {
        return WebhookEndpointStatusDto.fromValue(status);
    }

    default WebhookDeliveryStatusDto deliveryStatus(String status) {
        return WebhookDeliveryStatusDto.fromValue(status);
    }

    default JsonNullable<String> wrap(String value) {
        return JsonNullable.of(value);
    }

    default JsonNullable<Integer> wrap(Integer value) {
        return JsonNullable.of(value);
    }

    default OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
