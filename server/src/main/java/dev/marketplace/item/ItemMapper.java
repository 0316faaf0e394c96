package dev.marketplace.item;

import dev.marketplace.api.model.ItemCreate;
import dev.marketplace.api.model.ItemStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingTarget;
import org.openapitools.jackson.nullable.JsonNullable;

/** Entity ⇄ generated DTOs. Server-owned fields (id, timestamps, version) never come from a client. */
@Mapper
interface ItemMapper {

    @Mapping(target = "price", expression = "java(Money.format(item.getPrice(), item.getCurrency()))")
    dev.marketplace.api.model.Item toDto(Item item);

    @Mapping(target = "price", expression = "java(Money.format(item.price(), item.currency()))")
    dev.marketplace.api.model.Item toDto(ItemView item);

    @Mapping(target = "price", ignore = true)
    @Mapping(target = "currency", ignore = true)
    @Mapping(target = "ownerId", ignore = true)
    @Mapping(target = "status", ignore = true)
    @Mapping(target = "tags", ignore = true)
    void apply(ItemCreate source, @MappingTarget Item target);

    default JsonNullable<String> wrap(String value) {
        return JsonNullable.of(value);
    }

    default String unwrap(JsonNullable<String> value) {
        return value == null ? null : value.orElse(null);
    }

    default OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    default ItemStatus status(ItemState state) {
        return ItemStatus.fromValue(state.name());
    }

    default ItemState state(ItemStatus status) {
        return ItemState.valueOf(status.getValue());
    }
}
