package dev.marketplace.item;

import dev.marketplace.api.model.ItemCreateDto;
import dev.marketplace.api.model.ItemDto;
import dev.marketplace.api.model.ItemStatusDto;
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
    ItemDto toDto(Item item);

    @Mapping(target = "price", expression = "java(Money.format(item.price(), item.currency()))")
    ItemDto toDto(ItemView item);

    @Mapping(target = "price", ignore = true)
    @Mapping(target = "currency", ignore = true)
    @Mapping(target = "ownerId", ignore = true)
    @Mapping(target = "status", ignore = true)
    @Mapping(target = "tags", ignore = true)
    void apply(ItemCreateDto source, @MappingTarget Item target);

    default JsonNullable<String> wrap(String value) {
        return JsonNullable.of(value);
    }

    default String unwrap(JsonNullable<String> value) {
        return value == null ? null : value.orElse(null);
    }

    default OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    default ItemStatusDto status(ItemStatus state) {
        return ItemStatusDto.fromValue(state.name());
    }

    default ItemStatus state(ItemStatusDto status) {
        return ItemStatus.valueOf(status.getValue());
    }
}
