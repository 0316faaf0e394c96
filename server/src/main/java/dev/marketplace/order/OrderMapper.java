package dev.marketplace.order;

import dev.marketplace.api.model.OrderDto;
import dev.marketplace.api.model.OrderLineDto;
import dev.marketplace.api.model.OrderStatusDto;
import dev.marketplace.item.Money;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.mapstruct.Context;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.openapitools.jackson.nullable.JsonNullable;

/** Entity → generated DTOs. Amounts are rendered in the currency's minor units, like item prices. */
@Mapper(imports = Money.class)
interface OrderMapper {

    @Mapping(target = "total", expression = "java(Money.format(order.getTotal(), order.getCurrency()))")
    @Mapping(target = "lines", expression = "java(toDtos(order.getLines(), order.getCurrency()))")
    @Mapping(target = "version", expression = "java(order.getVersion())")
    OrderDto toDto(Order order);

    List<OrderLineDto> toDtos(List<OrderLine> lines, @Context String currency);

    @Mapping(target = "unitPrice", expression = "java(Money.format(line.getUnitPrice(), currency))")
    @Mapping(target = "lineTotal", expression = "java(Money.format(line.lineTotal(), currency))")
    OrderLineDto toDto(OrderLine line, @Context String currency);

    default OrderStatusDto status(OrderStatus status) {
        return OrderStatusDto.fromValue(status.name());
    }

    default OrderStatus status(OrderStatusDto status) {
        return OrderStatus.valueOf(status.getValue());
    }

    default JsonNullable<String> wrap(String value) {
        return JsonNullable.of(value);
    }

    default OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
