package dev.marketplace.order;

import dev.marketplace.api.model.OrderDto;
import dev.marketplace.api.model.OrderLineDto;
import dev.marketplace.api.model.OrderStatusDto;
import dev.marketplace.item.Money;
import java.time.ZoneOffset;
import org.springframework.stereotype.Component;

/** Entity → generated DTOs. Amounts are rendered in the currency's minor units, like item prices. */
@Component
class OrderMapper {

    OrderDto toDto(Order order) {
        String currency = order.getCurrency();
        return new OrderDto(
                order.getId(),
                order.getBuyerId(),
                status(order.getStatus()),
                order.getLines().stream().map(line -> line(line, currency)).toList(),
                Money.format(order.getTotal(), currency),
                currency,
                order.getCreatedAt().atOffset(ZoneOffset.UTC),
                order.getUpdatedAt().atOffset(ZoneOffset.UTC),
                order.getVersion());
    }

    static OrderStatusDto status(OrderStatus state) {
        return OrderStatusDto.fromValue(state.name());
    }

    static OrderStatus state(OrderStatusDto status) {
        return OrderStatus.valueOf(status.getValue());
    }

    private static OrderLineDto line(OrderLine line, String currency) {
        return new OrderLineDto(
                line.getItemId(),
                line.getSellerId(),
                line.getName(),
                line.getQuantity(),
                Money.format(line.getUnitPrice(), currency),
                Money.format(line.lineTotal(), currency));
    }
}
