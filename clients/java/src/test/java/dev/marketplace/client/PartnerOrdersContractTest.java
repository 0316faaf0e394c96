package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.client.model.Order;
import dev.marketplace.client.model.OrderPage;
import dev.marketplace.client.model.OrderRole;
import dev.marketplace.client.model.OrderStatus;
import dev.marketplace.client.model.OrderTransition;
import dev.marketplace.client.model.PaymentEvent;
import dev.marketplace.client.model.PaymentEventData;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Partner-integration contracts, orders and payments: the seller's paid orders and shipping one, an unsigned payment event. Shares the stub runner and its checks with the other partner contract tests ({@link PartnerContractSupport}). */
class PartnerOrdersContractTest extends PartnerContractSupport {

    @Test
    void theSellerListsTheirPaidOrdersAndShipsOne() {
        OrderPage paid = client.orders().listOrders(null, null, OrderRole.SELLER, OrderStatus.PAID);

        assertThat(paid.getData()).hasSize(1);
        Order order = paid.getData().getFirst();
        assertThat(order.getId()).isEqualTo(PAID_ORDER);
        assertThat(order.getLines())
                .allSatisfy(line -> assertThat(line.getSellerId()).contains(SELLER_ID));
        assertThat(paid.getHasMore()).isFalse();

        Order shipped =
                client.orders().transitionOrder(order.getId(), new OrderTransition().status(OrderStatus.SHIPPED));

        assertThat(shipped.getStatus()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(shipped.getVersion()).isEqualTo(order.getVersion() + 1);
        assertThat(shipped.getTotal()).isEqualTo("189.00");
    }

    @Test
    void anUnsignedPaymentEventIsAnInvalidSignatureProblem() {
        MarketplaceClient provider = anonymousClient();
        PaymentEvent event = new PaymentEvent()
                .id("evt_contract_0001")
                .type("payment.succeeded")
                .created(1768469400L)
                .data(new PaymentEventData()
                        .orderId(PLACED_ORDER)
                        .amount("99.80")
                        .currency("EUR"));

        assertThatThrownBy(() -> provider.payments().receivePaymentEvent(event, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
                    assertThat(e.getCode()).contains("invalid_signature");
                    assertThat(e.getProblem().orElseThrow().getRequestId()).isEqualTo(REQUEST_ID);
                });
    }
}
