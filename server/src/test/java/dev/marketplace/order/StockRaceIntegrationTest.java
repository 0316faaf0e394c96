package dev.marketplace.order;

import static dev.marketplace.order.OrderTestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.TestAccounts.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** 100 buyers race for 10 units over real HTTP: exactly 10 orders are placed and the stock ends at 0, never below. */
class StockRaceIntegrationTest extends ApiIntegrationTest {

    private static final int UNITS = 10;
    private static final int ATTEMPTS = 100;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void concurrentOrdersNeverTakeMoreUnitsThanThereAre() throws Exception {
        OrderTestSupport orders = new OrderTestSupport(anonymous);
        String item = orders.item(seller(), "3.00", "EUR", UNITS);
        List<Session> buyers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            buyers.add(accounts.session("buyer"));
        }

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> attempts = new ArrayList<>();
        long began;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < ATTEMPTS; i++) {
                Session buyer = buyers.get(i % buyers.size());
                attempts.add(threads.submit(() -> {
                    start.await();
                    return orders.order(buyer, UUID.randomUUID().toString(), lines(item, 1));
                }));
            }
            began = System.nanoTime();
            start.countDown();
        }
        long millis = (System.nanoTime() - began) / 1_000_000;
        List<Response> responses = new ArrayList<>();
        for (Future<Response> attempt : attempts) {
            responses.add(attempt.get());
        }

        Map<Integer, Long> byStatus =
                responses.stream().collect(Collectors.groupingBy(Response::status, Collectors.counting()));
        System.out.printf(
                "Stock race: %d concurrent orders of 1 for %d units in %d ms -> %s%n",
                ATTEMPTS, UNITS, millis, byStatus);
        assertThat(byStatus)
                .containsExactlyInAnyOrderEntriesOf(Map.of(201, (long) UNITS, 409, (long) (ATTEMPTS - UNITS)));
        responses.stream()
                .filter(r -> r.status() == 409)
                .forEach(r -> assertThat(json(r).get("code").asString()).isEqualTo("out_of_stock"));
        assertThat(orders.stock(item)).isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT coalesce(sum(quantity), 0) FROM order_lines WHERE item_id = CAST(? AS uuid)",
                        Integer.class,
                        item))
                .isEqualTo(UNITS);
        Function<Response, String> id = r -> json(r).get("id").asString();
        assertThat(responses.stream()
                        .filter(r -> r.status() == 201)
                        .map(id)
                        .distinct()
                        .count())
                .isEqualTo(UNITS);
    }
}
