package dev.marketplace.item;

import dev.marketplace.api.model.ItemDto;
import dev.marketplace.api.model.ItemStatusDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.openapitools.jackson.nullable.JsonNullable;

/** Entity → generated DTOs. New items are built by {@link Item}'s constructor, which takes no DTO. */
@Mapper
interface ItemMapper {

    @Mapping(target = "price", expression = "java(Money.format(item.getPrice(), item.getCurrency()))")
    ItemDto toDto(Item item);

    @Mapping(target = "price", expression = "java(Money.format(item.price(), item.currency()))")
    ItemDto toDto(ItemView item);

    default JsonNullable<String> wrap(String value) {
        return JsonNullable.of(value);
    }

    default OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    default ItemStatusDto status(ItemStatus status) {
        return ItemStatusDto.fromValue(status.name());
    }

    default ItemStatus status(ItemStatusDto status) {
        return ItemStatus.valueOf(status.getValue());
    }
}
