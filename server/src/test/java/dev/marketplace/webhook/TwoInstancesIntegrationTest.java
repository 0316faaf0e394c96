package dev.marketplace.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.marketplace.MarketplaceApplication;
import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.TestAccounts;
import dev.marketplace.webhook.WebhookReceiver.Received;
import dev.marketplace.webhook.WebhookReceiver.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two instances on one database — this test's server (A) and a second application started beside it (B):
 * every webhook attempt is sent by exactly one of them, and a socket on B receives an event that happened
 * on A (PostgreSQL LISTEN/NOTIFY fan-out).
 */
@TestPropertySource(
        properties = {
            "marketplace.webhooks.allow-insecure-urls=true",
            "marketplace.webhooks.allow-private-targets=true",
            "marketplace.webhooks.poll-interval=100ms",
            "marketplace.webhooks.retry-schedule=300ms,300ms,300ms"
        })
class TwoInstancesIntegrationTest extends ApiIntegrationTest {

    private static ConfigurableApplicationContext instanceB;
    private static int portB;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void startSecondInstance() throws Exception {
        if (instanceB != null) {
            return;
        }
        HikariDataSource shared = dataSource.unwrap(HikariDataSource.class);
        // As command-line arguments: they outrank application.yaml (default properties would not, and B would
        // run with the production webhook settings — refusing the http:// loopback receiver, retrying in minutes).
        Map<String, String> settings = Map.of(
                "server.port", "0",
                "spring.datasource.url", shared.getJdbcUrl(),
                "spring.datasource.username", shared.getUsername(),
                "spring.datasource.password", shared.getPassword() == null ? "" : shared.getPassword(),
                "marketplace.webhooks.allow-insecure-urls", "true",
                "marketplace.webhooks.allow-private-targets", "true",
                "marketplace.webhooks.poll-interval", "100ms",
                "marketplace.webhooks.retry-schedule", "300ms,300ms,300ms",
                "marketplace.rate-limit.enabled", "false");
        instanceB = new SpringApplicationBuilder(MarketplaceApplication.class)
                .run(settings.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
        portB = Integer.parseInt(instanceB.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stopSecondInstance() {
        if (instanceB != null) {
            instanceB.close();
            instanceB = null;
        }
    }

    @Test
    void eachAttemptIsSentOnceAlthoughBothInstancesPoll() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(Reply.of(500), Reply.of(500), Reply.of(500), Reply.of(500), Reply.of(500));
            ApiClient partner = anonymous.withToken(accounts.session("partner").accessToken());
            Response endpoint = partner.post("/api/v2/webhook-endpoints", """
                    {"url":"%s","event_types":["item.created"]}""".formatted(receiver.url("/both")));
            assertThat(endpoint.status()).isEqualTo(201);
            String endpointId = json(endpoint).get("webhook_endpoint").get("id").asString();
            for (int i = 0; i < 8; i++) {
                assertThat(partner.post(
                                        "/api/v2/items",
                                        "{\"name\":\"Twice " + i + "\",\"price\":\"1.00\",\"currency\":\"EUR\"}")
                                .status())
                        .isEqualTo(201);
            }

            await().atMost(Duration.ofSeconds(45))
                    .untilAsserted(() -> assertThat(jdbc.queryForObject(
                                    "SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ?::uuid AND status = 'delivered'",
                                    Integer.class,
                                    endpointId))
                            .as(() -> "deliveries " + jdbc.queryForList("""
                            SELECT status, attempt_count, next_attempt_at, claimed_until FROM webhook_deliveries WHERE endpoint_id = ?::uuid""", endpointId) + ", received "
                                    + receiver.received().size())
                            .isEqualTo(8));
            sleepQuietly(Duration.ofMillis(800)); // a duplicate would show up by now

            List<Received> got = receiver.received();
            Map<String, Long> perId =
                    got.stream().collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
            assertThat(perId).hasSize(8);
            Map<String, Integer> attemptsPerId = jdbc
                    .query(
                            "SELECT event_id::text, attempt_count FROM webhook_deliveries WHERE endpoint_id = ?::uuid",
                            (rs, i) -> Map.entry(rs.getString(1), rs.getInt(2)),
                            endpointId)
                    .stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            // Never received more often than attempted (a duplicate send by the second instance would be) …
            perId.forEach(
                    (id, count) -> assertThat(count.intValue()).as(id).isLessThanOrEqualTo(attemptsPerId.get(id)));
            assertThat(got.size()).isGreaterThanOrEqualTo(8 + 5);
            // … and every answer the receiver gave is recorded exactly once.
            Integer answered = jdbc.queryForObject("""
                    SELECT count(*) FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
                    WHERE d.endpoint_id = ?::uuid AND a.status_code IS NOT NULL""", Integer.class, endpointId);
            assertThat(answered).isEqualTo(got.size());
        }
    }

    @Test
    void aSocketOnOneInstanceReceivesAnEventThatHappenedOnTheOther() throws Exception {
        TestAccounts.Session seller = accounts.session("seller");
        ApiClient atB = new ApiClient(portB);
        String tokenAtB = new TestAccounts(atB, users)
                .token(seller.email(), TestAccounts.PASSWORD)
                .get("access_token")
                .asString();
        Response ticket = atB.withToken(tokenAtB).post("/api/v2/events/tickets", null);
        assertThat(ticket.status()).isEqualTo(201);

        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + portB + "/ws/events?ticket="
                                + json(ticket).get("ticket").asString()),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                messages.add(data.toString());
                                ws.request(1);
                                return null;
                            }
                        })
                .join();
        try {
            assertThat(JSON.readTree(messages.poll(10, TimeUnit.SECONDS))
                            .get("type")
                            .asString())
                    .isEqualTo("welcome");
            socket.sendText("{\"type\":\"subscribe\",\"topics\":[\"items\"]}", true)
                    .join();
            assertThat(JSON.readTree(messages.poll(10, TimeUnit.SECONDS))
                            .get("type")
                            .asString())
                    .isEqualTo("subscribed");

            Response created = anonymous
                    .withToken(seller.accessToken()) // instance A
                    .post("/api/v2/items", "{\"name\":\"Across instances\",\"price\":\"2.00\",\"currency\":\"EUR\"}");
            assertThat(created.status()).isEqualTo(201);
            String message = messages.poll(15, TimeUnit.SECONDS);
            assertThat(message).as("event relayed from A to B").isNotNull();
            JsonNode event = JSON.readTree(message);
            assertThat(event.get("type").asString()).isEqualTo("event");
            assertThat(event.get("event").get("data").get("id").asString())
                    .isEqualTo(json(created).get("id").asString());
            assertThat(messages.poll(700, TimeUnit.MILLISECONDS))
                    .as("delivered once")
                    .isNull();
        } finally {
            socket.abort();
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
