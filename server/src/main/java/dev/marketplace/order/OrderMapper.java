package dev.marketplace.order;

import dev.marketplace.api.model.Order;
import dev.marketplace.api.model.OrderLine;
import dev.marketplace.api.model.OrderStatus;
import dev.marketplace.item.Money;
import java.time.ZoneOffset;
import org.springframework.stereotype.Component;

/** Entity → generated DTOs. Amounts are rendered in the currency's minor units, like item prices. */
@Component
class OrderMapper {

    Order toDto(CustomerOrder order) {
        String currency = order.getCurrency();
        return new Order(
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

    static OrderStatus status(OrderState state) {
        return OrderStatus.fromValue(state.name());
    }

    static OrderState state(OrderStatus status) {
        return OrderState.valueOf(status.getValue());
    }

    private static OrderLine line(OrderLineEntry line, String currency) {
        return new OrderLine(
                line.getItemId(),
                line.getSellerId(),
                line.getName(),
                line.getQuantity(),
                Money.format(line.getUnitPrice(), currency),
                Money.format(line.lineTotal(), currency));
    }
}
