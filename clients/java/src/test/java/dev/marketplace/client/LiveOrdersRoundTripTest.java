package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.client.model.Item;
import dev.marketplace.client.model.Order;
import dev.marketplace.client.model.OrderCreate;
import dev.marketplace.client.model.OrderLineCreate;
import dev.marketplace.client.model.OrderStatus;
import dev.marketplace.client.model.OrderTransition;
import dev.marketplace.client.model.SignUpRole;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Orders against the real server: placing one under an idempotency key, the replay, a reused key, and cancelling. Runs on the server shared by the live tests ({@link LiveServerSupport}). */
class LiveOrdersRoundTripTest extends LiveServerSupport {

    @Test
    void aBuyerPlacesAnOrderOnceUnderOneKeyAndCancelsItWhichRestoresTheStock() {
        Item lamp = client.items().createItem(newItem("Ordered lamp").stock(5));
        MarketplaceClient buyer = signedIn(signUp(SignUpRole.BUYER));
        String key = UUID.randomUUID().toString();
        OrderCreate twoLamps = new OrderCreate()
                .lines(List.of(new OrderLineCreate().itemId(lamp.getId()).quantity(2)));

        ResponseEntity<Order> placed = buyer.orders().createOrderWithHttpInfo(key, twoLamps);

        assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(placed.getHeaders().getFirst("Idempotent-Replayed")).isNull();
        Order order = placed.getBody();
        assertThat(order.getStatus()).isEqualTo(OrderStatus.PLACED);
        assertThat(order.getBuyerId())
                .isEqualTo(buyer.users().getMe(null).getId().toString());
        assertThat(order.getTotal()).isEqualTo("99.80");
        assertThat(order.getCurrency()).isEqualTo("EUR");
        assertThat(order.getLines()).singleElement().satisfies(line -> {
            assertThat(line.getItemId()).isEqualTo(lamp.getId());
            assertThat(line.getQuantity()).isEqualTo(2);
            assertThat(line.getSellerId()).isEqualTo(seller.user().getId().toString());
        });
        assertThat(client.items().getItem(lamp.getId(), null).getStock()).isEqualTo(3);

        // A retry with the same key and body is the first answer again: the same order, nothing reserved twice.
        ResponseEntity<Order> replayed = buyer.orders().createOrderWithHttpInfo(key, twoLamps);
        assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(replayed.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.getBody().getId()).isEqualTo(order.getId());
        assertThat(client.items().getItem(lamp.getId(), null).getStock()).isEqualTo(3);
        assertThat(buyer.orders().listOrders(100, null, null, null).getData())
                .extracting(Order::getId)
                .containsExactly(order.getId());

        // The same key with another body is refused.
        OrderCreate oneLamp = new OrderCreate()
                .lines(List.of(new OrderLineCreate().itemId(lamp.getId()).quantity(1)));
        assertThatThrownBy(() -> buyer.orders().createOrder(key, oneLamp))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
                    assertThat(e.getCode()).contains("idempotency_key_reused");
                });
        assertThat(client.items().getItem(lamp.getId(), null).getStock()).isEqualTo(3);

        Order cancelled =
                buyer.orders().transitionOrder(order.getId(), new OrderTransition().status(OrderStatus.CANCELLED));

        assertThat(cancelled.getId()).isEqualTo(order.getId());
        assertThat(cancelled.getStatus()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.getVersion()).isGreaterThan(order.getVersion());
        assertThat(buyer.orders().getOrder(order.getId()).getStatus()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(client.items().getItem(lamp.getId(), null).getStock()).isEqualTo(5);
    }
}
