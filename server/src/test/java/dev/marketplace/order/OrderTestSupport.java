package dev.marketplace.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.TestAccounts.Session;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** Items and orders over real HTTP, for the order and payment suites. */
public final class OrderTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ApiClient anonymous;

    public OrderTestSupport(ApiClient anonymous) {
        this.anonymous = anonymous;
    }

    /** An active item of {@code seller}; returns its id. */
    public String item(Session seller, String price, String currency, int stock) {
        Response created = anonymous.withToken(seller.accessToken()).post("/api/v2/items", """
                {"name":"Order test %s","price":"%s","currency":"%s","stock":%d}""".formatted(
                        UUID.randomUUID(), price, currency, stock));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asString();
    }

    public Response order(Session buyer, String idempotencyKey, String body) {
        return anonymous
                .withToken(buyer.accessToken())
                .send(
                        "POST",
                        "/api/v2/orders",
                        "application/json",
                        body,
                        idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    }

    /** Places an order of one line with a fresh key and expects 201; returns the order's id. */
    public String place(Session buyer, String itemId, int quantity) {
        Response placed = order(buyer, UUID.randomUUID().toString(), lines(itemId, quantity));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return JSON.readTree(placed.body()).get("id").asString();
    }

    public Response transition(Session actor, String orderId, String status) {
        return anonymous
                .withToken(actor.accessToken())
                .post("/api/v2/orders/" + orderId + "/transitions", "{\"status\":\"" + status + "\"}");
    }

    public int stock(String itemId) {
        return JSON.readTree(anonymous.get("/api/v2/items/" + itemId).body())
                .get("stock")
                .asInt();
    }

    /** The stock as {@code reader} sees it: a draft is readable only by its owner (or an admin). */
    public int stock(Session reader, String itemId) {
        return JSON.readTree(anonymous
                        .withToken(reader.accessToken())
                        .get("/api/v2/items/" + itemId)
                        .body())
                .get("stock")
                .asInt();
    }

    public static String lines(String itemId, int quantity) {
        return "{\"lines\":[{\"item_id\":\"" + itemId + "\",\"quantity\":" + quantity + "}]}";
    }
}
