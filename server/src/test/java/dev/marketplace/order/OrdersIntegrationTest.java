package dev.marketplace.order;

import static dev.marketplace.order.OrderTestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marketplace.item.ItemCreated;
import dev.marketplace.shared.events.OutboxConsumer;
import dev.marketplace.shared.events.OutboxEvent;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.TestAccounts.Session;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Placing orders, the status machine, who may see and move an order, and the events recorded with each change. */
class OrdersIntegrationTest extends ApiIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ObjectProvider<OutboxConsumer> consumers;

    OrderTestSupport orders;
    Session seller;
    Session buyer;

    @BeforeEach
    void setUp() {
        orders = new OrderTestSupport(anonymous);
        seller = seller();
        buyer = accounts.session("buyer");
    }

    @Test
    void placingAnOrderPricesItFromTheItemsAndTakesTheUnits() {
        String lamp = orders.item(seller, "49.90", "EUR", 5);
        String vase = orders.item(seller, "12.5", "EUR", 3);
        double placedBefore = meters.counter("marketplace.orders.placed").count();

        Response placed = orders.order(buyer, UUID.randomUUID().toString(), """
                {"lines":[{"item_id":"%s","quantity":2},{"item_id":"%s","quantity":3}]}""".formatted(lamp, vase));

        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        JsonNode order = json(placed);
        assertThat(placed.header("Location"))
                .isEqualTo("/api/v2/orders/" + order.get("id").asString());
        assertThat(placed.header("Idempotent-Replayed")).isNull();
        assertThat(order.get("buyer_id").asString()).isEqualTo(buyer.id());
        assertThat(order.get("status").asString()).isEqualTo("placed");
        assertThat(order.get("currency").asString()).isEqualTo("EUR");
        assertThat(order.get("total").asString()).isEqualTo("137.30");
        assertThat(order.get("version").asLong()).isZero();
        assertThat(UUID.fromString(order.get("id").asString()).version()).isEqualTo(7); // TimeOrderedIds
        JsonNode first = order.get("lines").get(0);
        assertThat(first.get("item_id").asString()).isEqualTo(lamp);
        assertThat(first.get("seller_id").asString()).isEqualTo(seller.id());
        assertThat(first.get("unit_price").asString()).isEqualTo("49.90");
        assertThat(first.get("line_total").asString()).isEqualTo("99.80");
        assertThat(order.get("lines").get(1).get("line_total").asString()).isEqualTo("37.50");
        assertThat(orders.stock(lamp)).isEqualTo(3);
        assertThat(orders.stock(vase)).isZero();
        assertThat(meters.counter("marketplace.orders.placed").count()).isEqualTo(placedBefore + 1);

        Response read = anonymous.withToken(buyer.accessToken()).get(placed.header("Location"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(order);
    }

    @Test
    void itemsHaveOneUnitUnlessToldOtherwiseAndSellersSetTheirStock() {
        Response created = anonymous
                .withToken(seller.accessToken())
                .post("/api/v2/items", "{\"name\":\"single\",\"price\":\"1.00\",\"currency\":\"EUR\"}");
        String id = json(created).get("id").asString();
        assertThat(json(created).get("stock").asInt()).isEqualTo(1);

        Response restocked = anonymous.withToken(seller.accessToken()).patch("/api/v2/items/" + id, "{\"stock\":7}");
        assertThat(json(restocked).get("stock").asInt()).isEqualTo(7);
        assertValidationError(
                anonymous.withToken(seller.accessToken()).patch("/api/v2/items/" + id, "{\"stock\":-1}"),
                "stock",
                "minimum");
        assertValidationError(
                anonymous
                        .withToken(seller.accessToken())
                        .post(
                                "/api/v2/items",
                                "{\"name\":\"x\",\"price\":\"1.00\",\"currency\":\"EUR\",\"stock\":1000001}"),
                "stock",
                "maximum");
        assertThat(orders.stock(id)).isEqualTo(7);
    }

    @Test
    void anOrderNeedsAnIdempotencyKey() {
        String lamp = orders.item(seller, "5.00", "EUR", 5);

        assertValidationError(orders.order(buyer, null, lines(lamp, 1)), "Idempotency-Key", "required");
        assertValidationError(orders.order(buyer, "x".repeat(256), lines(lamp, 1)), "Idempotency-Key", "length");
        assertThat(orders.stock(lamp)).isEqualTo(5);
    }

    @Test
    void refusedOrdersTakeNothing() {
        String lamp = orders.item(seller, "5.00", "EUR", 5);
        String dollars = orders.item(seller, "5.00", "USD", 5);
        String shade = orders.item(seller, "8.00", "EUR", 5);
        Response draftCreated = anonymous
                .withToken(seller.accessToken())
                .post(
                        "/api/v2/items",
                        "{\"name\":\"draft\",\"price\":\"1.00\",\"currency\":\"EUR\",\"status\":\"draft\",\"stock\":9}");
        String draft = json(draftCreated).get("id").asString();
        String key = UUID.randomUUID().toString();

        assertValidationError(orders.order(buyer, key + "a", """
                {"lines":[{"item_id":"%s","quantity":1},{"item_id":"%s","quantity":1}]}""".formatted(lamp, lamp)), "lines[1].item_id", "unique");
        assertValidationError(orders.order(buyer, key + "b", lines(lamp, 0)), "lines[0].quantity", "minimum");
        assertValidationError(orders.order(buyer, key + "c", lines(lamp, 101)), "lines[0].quantity", "maximum");
        assertValidationError(orders.order(buyer, key + "d", "{\"lines\":[]}"), "lines", "length");
        problem(orders.order(buyer, key + "e", lines(draft, 1)), 422, "item_unavailable");
        problem(orders.order(buyer, key + "f", lines(UUID.randomUUID().toString(), 1)), 422, "item_unavailable");
        problem(orders.order(seller, key + "g", lines(lamp, 1)), 422, "own_item");
        problem(orders.order(buyer, key + "h", """
                {"lines":[{"item_id":"%s","quantity":1},{"item_id":"%s","quantity":1}]}""".formatted(lamp, dollars)), 422, "currency_mismatch");
        JsonNode outOfStock = problem(orders.order(buyer, key + "i", """
                {"lines":[{"item_id":"%s","quantity":5},{"item_id":"%s","quantity":6}]}""".formatted(lamp, shade)), 409, "out_of_stock");
        assertThat(outOfStock.get("detail").asString()).contains(shade);

        assertThat(orders.stock(lamp)).isEqualTo(5);
        assertThat(orders.stock(dollars)).isEqualTo(5);
        assertThat(orders.stock(shade)).isEqualTo(5);
        assertThat(orders.stock(seller, draft)).isEqualTo(9);
    }

    @Test
    void theStatusMachineAllowsOnlyItsMovesAndOnlyToTheRightPeople() {
        Session admin = accounts.session("admin");
        String lamp = orders.item(seller, "20.00", "EUR", 4);
        String id = orders.place(buyer, lamp, 3);
        assertThat(orders.stock(lamp)).isEqualTo(1);

        JsonNode illegal = problem(orders.transition(seller, id, "shipped"), 409, "illegal_transition");
        assertThat(illegal.get("detail").asString()).isEqualTo("The order is placed; it cannot become shipped.");
        problem(orders.transition(buyer, id, "paid"), 403, "forbidden");
        problem(orders.transition(seller, id, "paid"), 403, "forbidden");
        problem(orders.transition(buyer, id, "placed"), 409, "illegal_transition");

        JsonNode paid = json(orders.transition(admin, id, "paid"));
        assertThat(paid.get("status").asString()).isEqualTo("paid");
        assertThat(paid.get("version").asLong()).isEqualTo(1);
        problem(orders.transition(buyer, id, "shipped"), 403, "forbidden");
        problem(orders.transition(seller, id, "cancelled"), 403, "forbidden");
        problem(orders.transition(seller, id, "delivered"), 409, "illegal_transition");

        assertThat(json(orders.transition(seller, id, "shipped")).get("status").asString())
                .isEqualTo("shipped");
        problem(orders.transition(buyer, id, "cancelled"), 409, "illegal_transition");
        JsonNode delivered = json(orders.transition(seller, id, "delivered"));
        assertThat(delivered.get("status").asString()).isEqualTo("delivered");
        assertThat(delivered.get("version").asLong()).isEqualTo(3);
        problem(orders.transition(admin, id, "cancelled"), 409, "illegal_transition");
        assertThat(orders.stock(lamp)).isEqualTo(1);
    }

    @Test
    void cancellingPutsTheUnitsBackOnce() {
        String lamp = orders.item(seller, "20.00", "EUR", 4);
        String id = orders.place(buyer, lamp, 3);
        assertThat(orders.stock(lamp)).isEqualTo(1);

        Response cancelled = orders.transition(buyer, id, "cancelled");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asString()).isEqualTo("cancelled");
        assertThat(orders.stock(lamp)).isEqualTo(4);
        problem(orders.transition(buyer, id, "cancelled"), 409, "illegal_transition");
        assertThat(orders.stock(lamp)).isEqualTo(4);

        // A paid order can be cancelled too (refunds are the payment provider's business).
        Session admin = accounts.session("admin");
        String second = orders.place(buyer, lamp, 4);
        assertThat(orders.stock(lamp)).isZero();
        assertThat(orders.transition(admin, second, "paid").status()).isEqualTo(200);
        assertThat(orders.transition(buyer, second, "cancelled").status()).isEqualTo(200);
        assertThat(orders.stock(lamp)).isEqualTo(4);
    }

    @Test
    void anOrderExistsOnlyForItsBuyerItsSellersAndAdmins() {
        String lamp = orders.item(seller, "20.00", "EUR", 4);
        String id = orders.place(buyer, lamp, 1);
        Session stranger = accounts.session("buyer");
        Session otherSeller = accounts.session("seller");
        Session admin = accounts.session("admin");

        problem(anonymous.withToken(stranger.accessToken()).get("/api/v2/orders/" + id), 404, "order_not_found");
        problem(anonymous.withToken(otherSeller.accessToken()).get("/api/v2/orders/" + id), 404, "order_not_found");
        problem(orders.transition(stranger, id, "cancelled"), 404, "order_not_found");
        problem(orders.transition(otherSeller, id, "shipped"), 404, "order_not_found");
        problem(
                anonymous.withToken(stranger.accessToken()).get("/api/v2/orders/" + UUID.randomUUID()),
                404,
                "order_not_found");
        assertThat(anonymous
                        .withToken(seller.accessToken())
                        .get("/api/v2/orders/" + id)
                        .status())
                .isEqualTo(200);
        assertThat(anonymous
                        .withToken(admin.accessToken())
                        .get("/api/v2/orders/" + id)
                        .status())
                .isEqualTo(200);
        assertThat(anonymous.get("/api/v2/orders/" + id).status()).isEqualTo(401);

        assertThat(ids(anonymous.withToken(stranger.accessToken()).get("/api/v2/orders")))
                .doesNotContain(id);
        assertThat(ids(anonymous.withToken(otherSeller.accessToken()).get("/api/v2/orders?role=seller")))
                .doesNotContain(id);
        assertThat(ids(anonymous.withToken(seller.accessToken()).get("/api/v2/orders?role=seller&limit=100")))
                .contains(id);
        assertThat(ids(anonymous.withToken(seller.accessToken()).get("/api/v2/orders")))
                .doesNotContain(id);
    }

    @Test
    void ordersArePagedNewestFirstWithACursor() {
        String lamp = orders.item(seller, "1.00", "EUR", 10);
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            placed.add(orders.place(buyer, lamp, 1));
        }
        orders.transition(buyer, placed.get(1), "cancelled");

        Response first = anonymous.withToken(buyer.accessToken()).get("/api/v2/orders?limit=2");
        assertThat(ids(first)).containsExactly(placed.get(2), placed.get(1));
        assertThat(json(first).get("has_more").asBoolean()).isTrue();
        String cursor = json(first).get("next_cursor").asString();
        Response second = anonymous.withToken(buyer.accessToken()).get("/api/v2/orders?limit=2&cursor=" + cursor);
        assertThat(ids(second)).containsExactly(placed.get(0));
        assertThat(json(second).get("has_more").asBoolean()).isFalse();
        assertThat(json(second).get("next_cursor").isNull()).isTrue();

        assertThat(ids(anonymous.withToken(buyer.accessToken()).get("/api/v2/orders?status=cancelled")))
                .containsExactly(placed.get(1));
        problem(
                anonymous.withToken(buyer.accessToken()).get("/api/v2/orders?role=seller&cursor=" + cursor),
                400,
                "invalid_cursor");
        problem(anonymous.withToken(buyer.accessToken()).get("/api/v2/orders?cursor=bm9wZQ"), 400, "invalid_cursor");
        assertValidationError(
                anonymous.withToken(buyer.accessToken()).get("/api/v2/orders?role=admin"), "role", "type");
    }

    @Test
    void eventsAreRecordedWithTheChangeAndARefusedOrderRecordsNone() {
        String lamp = orders.item(seller, "7.00", "EUR", 1);

        String id = orders.place(buyer, lamp, 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> recordedEvents.of(OrderPlaced.class, id).size() == 1);
        OutboxEvent placed = recordedEvents.of(OrderPlaced.class, id).getFirst();
        assertThat(consumers
                        .orderedStream()
                        .filter(c -> c.accepts(placed.event()))
                        .map(OutboxConsumer::name))
                .contains("order-mail");

        problem(orders.order(buyer, UUID.randomUUID().toString(), lines(lamp, 1)), 409, "out_of_stock");
        settle();
        assertThat(recordedEvents.of(OrderPlaced.class, lamp)).hasSize(1);

        orders.transition(buyer, id, "cancelled");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> recordedEvents.of(OrderStatusChanged.class, id).size() == 1);
        assertThat(recordedEvents.of(OrderStatusChanged.class, id).getFirst().envelope())
                .contains("\"previous_status\":\"placed\"")
                .contains("\"status\":\"cancelled\"");
        problem(orders.transition(buyer, id, "cancelled"), 409, "illegal_transition");
        settle();
        assertThat(recordedEvents.of(OrderStatusChanged.class, id)).hasSize(1);
        // Nothing of this order is left waiting in the outbox.
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM outbox_events WHERE payload LIKE ?", Integer.class, "%" + id + "%"))
                .isZero();
    }

    /** Waits until an event recorded now has been relayed: every event recorded before it has been, too (one relay, in order). */
    private void settle() {
        String marker = orders.item(seller, "1.00", "EUR", 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !recordedEvents.of(ItemCreated.class, marker).isEmpty());
    }

    private static List<String> ids(Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(page).get("data").forEach(order -> ids.add(order.get("id").asString()));
        return ids;
    }
}
