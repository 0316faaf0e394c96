package dev.marketplace.order;

import dev.marketplace.api.model.OrderDto;
import java.util.LinkedHashSet;
import java.util.Set;

/** Who may see an order's events: its buyer and the sellers of its lines. */
final class OrderAudience {

    private OrderAudience() {}

    static Set<String> of(OrderDto order) {
        Set<String> audience = new LinkedHashSet<>();
        audience.add(order.getBuyerId());
        order.getLines().forEach(line -> {
            if (line.getSellerId() != null
                    && line.getSellerId().isPresent()
                    && line.getSellerId().get() != null) {
                audience.add(line.getSellerId().get());
            }
        });
        return Set.copyOf(audience);
    }
}
