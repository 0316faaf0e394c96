package dev.marketplace.order;

import dev.marketplace.api.OrdersApi;
import dev.marketplace.api.model.OrderCreateDto;
import dev.marketplace.api.model.OrderDto;
import dev.marketplace.api.model.OrderPageDto;
import dev.marketplace.api.model.OrderRoleDto;
import dev.marketplace.api.model.OrderStatusDto;
import dev.marketplace.api.model.OrderTransitionDto;
import dev.marketplace.shared.security.CurrentActor;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP face of the order domain. {@code Idempotency-Key} replays are answered before this controller by
 * {@code IdempotencyFilter}; the key is passed on so the service can recognise an order placed already.
 */
@RestController
class OrderController implements OrdersApi {

    private final OrderService service;
    private final CurrentActor actor;

    OrderController(OrderService service, CurrentActor actor) {
        this.service = service;
        this.actor = actor;
    }

    @Override
    public ResponseEntity<OrderDto> createOrder(String idempotencyKey, OrderCreateDto orderCreate) {
        OrderDto placed = service.place(actor.require(), idempotencyKey, orderCreate);
        return ResponseEntity.created(URI.create(OrdersApi.PATH_GET_ORDER.replace(
                        "{order_id}", placed.getId().toString())))
                .body(placed);
    }

    @Override
    public ResponseEntity<OrderPageDto> listOrders(
            Integer limit, String cursor, OrderRoleDto role, OrderStatusDto status) {
        return ResponseEntity.ok(service.list(
                actor.require(), role == null ? OrderRoleDto.BUYER : role, status, limit == null ? 20 : limit, cursor));
    }

    @Override
    public ResponseEntity<OrderDto> getOrder(UUID orderId) {
        return ResponseEntity.ok(service.get(orderId, actor.require()));
    }

    @Override
    public ResponseEntity<OrderDto> transitionOrder(UUID orderId, OrderTransitionDto orderTransition) {
        return ResponseEntity.ok(service.transition(orderId, orderTransition.getStatus(), actor.require()));
    }
}
