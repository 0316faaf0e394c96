package dev.marketplace.order;

import dev.marketplace.api.OrdersApi;
import dev.marketplace.api.model.Order;
import dev.marketplace.api.model.OrderCreate;
import dev.marketplace.api.model.OrderPage;
import dev.marketplace.api.model.OrderRole;
import dev.marketplace.api.model.OrderStatus;
import dev.marketplace.api.model.OrderTransition;
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
    public ResponseEntity<Order> createOrder(String idempotencyKey, OrderCreate orderCreate) {
        Order placed = service.place(actor.require(), idempotencyKey, orderCreate);
        return ResponseEntity.created(URI.create(OrdersApi.PATH_GET_ORDER.replace(
                        "{order_id}", placed.getId().toString())))
                .body(placed);
    }

    @Override
    public ResponseEntity<OrderPage> listOrders(Integer limit, String cursor, OrderRole role, OrderStatus status) {
        return ResponseEntity.ok(service.list(
                actor.require(), role == null ? OrderRole.BUYER : role, status, limit == null ? 20 : limit, cursor));
    }

    @Override
    public ResponseEntity<Order> getOrder(UUID orderId) {
        return ResponseEntity.ok(service.get(orderId, actor.require()));
    }

    @Override
    public ResponseEntity<Order> transitionOrder(UUID orderId, OrderTransition orderTransition) {
        return ResponseEntity.ok(service.transition(orderId, orderTransition.getStatus(), actor.require()));
    }
}
