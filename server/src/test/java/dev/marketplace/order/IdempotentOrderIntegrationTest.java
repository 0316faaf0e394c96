package dev.marketplace.order;

import static dev.marketplace.order.OrderTestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.shared.idempotency.IdempotencyService;
import dev.marketplace.shared.idempotency.RequestHash;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.TestAccounts.Session;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Idempotency-Key on order creation: replays, reuse with another body, concurrent duplicates, scoping, expiry. */
class IdempotentOrderIntegrationTest extends ApiIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    IdempotencyService idempotency;

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
    void aRetryWithTheSameKeyAndBodyGetsTheFirstResponseAndPlacesNothingMore() {
        String lamp = orders.item(seller, "10.00", "EUR", 5);
        String key = UUID.randomUUID().toString();

        Response first = orders.order(buyer, key, lines(lamp, 2));
        // The same body serialised differently (spacing, property order) is the same request.
        Response retry =
                orders.order(buyer, key, "{ \"lines\" : [ { \"quantity\" : 2, \"item_id\" : \"" + lamp + "\" } ] }");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(orders.stock(lamp)).isEqualTo(3);
        assertThat(ordersWithKey(key)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String lamp = orders.item(seller, "10.00", "EUR", 5);
        String key = UUID.randomUUID().toString();
        assertThat(orders.order(buyer, key, lines(lamp, 1)).status()).isEqualTo(201);

        problem(orders.order(buyer, key, lines(lamp, 2)), 422, "idempotency_key_reused");

        assertThat(orders.stock(lamp)).isEqualTo(4);
    }

    @Test
    void keysBelongToTheirCaller() {
        String lamp = orders.item(seller, "10.00", "EUR", 5);
        String key = UUID.randomUUID().toString();
        Session other = accounts.session("buyer");

        Response mine = orders.order(buyer, key, lines(lamp, 1));
        Response theirs = orders.order(other, key, lines(lamp, 1));

        assertThat(mine.status()).isEqualTo(201);
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.header("Idempotent-Replayed")).isNull();
        assertThat(json(theirs).get("id")).isNotEqualTo(json(mine).get("id"));
        assertThat(orders.stock(lamp)).isEqualTo(3);
    }

    @Test
    void aRefusalIsStoredAndReplayedToo() {
        String lamp = orders.item(seller, "10.00", "EUR", 1);
        String key = UUID.randomUUID().toString();
        Response first = orders.order(buyer, key, lines(lamp, 2));
        problem(first, 409, "out_of_stock");

        anonymous.withToken(seller.accessToken()).patch("/api/v2/items/" + lamp, "{\"stock\":10}");
        Response retry = orders.order(buyer, key, lines(lamp, 2));

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(orders.stock(lamp)).isEqualTo(10);
        assertThat(orders.order(buyer, UUID.randomUUID().toString(), lines(lamp, 2))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aDuplicateWhileTheFirstIsStillRunningIsAConflict() {
        String lamp = orders.item(seller, "10.00", "EUR", 5);
        String key = UUID.randomUUID().toString();
        // The first attempt has claimed the key and is still running (its row is in_progress).
        assertThat(idempotency.begin(buyer.id(), key, hash(lines(lamp, 1))))
                .isInstanceOf(IdempotencyService.Proceed.class);

        problem(orders.order(buyer, key, lines(lamp, 1)), 409, "idempotency_key_in_progress");
        problem(orders.order(buyer, key, lines(lamp, 3)), 409, "idempotency_key_in_progress");
        assertThat(orders.stock(lamp)).isEqualTo(5);

        // The first attempt ends with a server error: the key is released, a retry runs.
        idempotency.release(buyer.id(), key);
        Response retry = orders.order(buyer, key, lines(lamp, 1));
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void anAttemptAbandonedMidwayIsTakenOverWithoutPlacingASecondOrder() {
        String lamp = orders.item(seller, "10.00", "EUR", 5);
        String key = UUID.randomUUID().toString();
        Response first = orders.order(buyer, key, lines(lamp, 1));
        assertThat(first.status()).isEqualTo(201);
        // As if the server died after the order committed but before the response was stored.
        jdbc.update("""
                UPDATE idempotency_keys SET status = 'in_progress', response_status = NULL, response_body = NULL,
                       created_at = ? WHERE principal = ? AND idempotency_key = ?""", Timestamp.from(Instant.now().minus(2, ChronoUnit.MINUTES)), buyer.id(), key);

        Response retry = orders.order(buyer, key, lines(lamp, 1));

        assertThat(retry.status()).isEqualTo(201);
        assertThat(json(retry).get("id")).isEqualTo(json(first).get("id"));
        assertThat(orders.stock(lamp)).isEqualTo(4);
        assertThat(ordersWithKey(key)).isEqualTo(1);
    }

    @Test
    void expiredKeysArePurgedAndCanBeUsedAgain() {
        String lamp = orders.item(seller, "10.00", "EUR", 5);
        String key = UUID.randomUUID().toString();
        assertThat(orders.order(buyer, key, lines(lamp, 1)).status()).isEqualTo(201);
        Timestamp dayAndMinuteAgo =
                Timestamp.from(Instant.now().minus(24, ChronoUnit.HOURS).minus(1, ChronoUnit.MINUTES));
        jdbc.update(
                "UPDATE idempotency_keys SET created_at = ? WHERE principal = ? AND idempotency_key = ?",
                dayAndMinuteAgo,
                buyer.id(),
                key);
        jdbc.update(
                "UPDATE orders SET created_at = ? WHERE buyer_id = ? AND idempotency_key = ?",
                dayAndMinuteAgo,
                buyer.id(),
                key);

        assertThat(idempotency.purgeExpired()).isPositive();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM idempotency_keys WHERE principal = ? AND idempotency_key = ?",
                        Integer.class,
                        buyer.id(),
                        key))
                .isZero();
        Response again = orders.order(buyer, key, lines(lamp, 2));

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isNull();
        assertThat(orders.stock(lamp)).isEqualTo(2);
        assertThat(ordersWithKey(key)).isEqualTo(2);
    }

    private static String hash(String body) {
        return RequestHash.of("POST", "/api/v2/orders", body.getBytes(StandardCharsets.UTF_8));
    }

    private int ordersWithKey(String key) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM orders WHERE buyer_id = ? AND idempotency_key = ?",
                Integer.class,
                buyer.id(),
                key);
    }
}
