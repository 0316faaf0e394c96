package dev.marketplace.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.marketplace.MarketplaceApplication;
import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.TestAccounts;
import dev.marketplace.user.UserService;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live events fanned out through Redis pub/sub ({@code marketplace.live.fanout=redis}): two instances on one
 * database, both on the machine's Redis at 127.0.0.1:6379 — a socket on instance B receives, once, the event of
 * an item created through instance A. Skipped, visibly, where there is no Redis.
 */
class RedisLiveFanoutIntegrationTest {

    private static final String REDIS_URL = "redis://127.0.0.1:6379";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ConfigurableApplicationContext instanceA;
    private static ConfigurableApplicationContext instanceB;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        assumeTrue(redisReachable(), "No Redis on 127.0.0.1:6379: the Redis live-events fan-out test is skipped");
        instanceA = start(Map.of());
        HikariDataSource shared = instanceA.getBean(DataSource.class).unwrap(HikariDataSource.class);
        instanceB = start(Map.of(
                "spring.datasource.url", shared.getJdbcUrl(),
                "spring.datasource.username", shared.getUsername(),
                "spring.datasource.password", shared.getPassword() == null ? "" : shared.getPassword()));
    }

    private static ConfigurableApplicationContext start(Map<String, Object> more) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "server.port", "0",
                "spring.main.banner-mode", "off",
                "marketplace.live.fanout", "redis",
                "marketplace.live.redis-url", REDIS_URL,
                "marketplace.rate-limit.enabled", "false",
                "marketplace.images.dir", "target/test-images"));
        properties.putAll(more);
        // As arguments: default properties would lose to application.yaml's marketplace.live.fanout=postgres.
        return new SpringApplicationBuilder(MarketplaceApplication.class)
                .run(properties.entrySet().stream()
                        .map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
    }

    @AfterAll
    static void stopTwoInstances() {
        if (instanceB != null) {
            instanceB.close();
        }
        if (instanceA != null) {
            instanceA.close();
        }
    }

    @Test
    void aSocketOnOneInstanceReceivesOnceAnItemCreatedThroughTheOtherThroughRedis() throws Exception {
        // Redis is the only way between the two: neither instance runs the PostgreSQL fan-out.
        assertThat(instanceA.getBean(LiveEventBus.class)).isInstanceOf(RedisEventBus.class);
        assertThat(instanceB.getBean(LiveEventBus.class)).isInstanceOf(RedisEventBus.class);

        ApiClient atA = new ApiClient(port(instanceA));
        ApiClient atB = new ApiClient(port(instanceB));
        TestAccounts.Session seller = new TestAccounts(atA, instanceA.getBean(UserService.class)).session("seller");
        String tokenAtB = new TestAccounts(atB, instanceB.getBean(UserService.class))
                .token(seller.email(), TestAccounts.PASSWORD)
                .get("access_token")
                .asString();
        Response ticket = atB.withToken(tokenAtB).post("/api/v2/events/tickets", null);
        assertThat(ticket.status()).as(ticket.body()).isEqualTo(201);

        RedisClient redis = RedisClient.create(REDIS_URL);
        BlockingQueue<String> onChannel = new LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> watcher = redis.connectPubSub();
                LiveSocket socket = LiveSocket.open(
                        "ws://127.0.0.1:" + port(instanceB) + "/ws/events?ticket="
                                + JSON.readTree(ticket.body()).get("ticket").asString(),
                        Map.of())) {
            watcher.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    onChannel.add(message);
                }
            });
            watcher.sync().subscribe(RedisEventBus.CHANNEL);
            assertThat(socket.next().get("subject").asString()).isEqualTo(seller.id());
            socket.send("{\"type\":\"subscribe\",\"topics\":[\"items\"]}");
            assertThat(socket.next().get("type").asString()).isEqualTo("subscribed");

            // Whatever else lands on the channel (another version, a typo in redis-cli) does not stop the relay.
            for (String junk : List.of("not json", "{}", "[1]", "{\"type\":\"item.created\",\"audience\":7}")) {
                try (var plain = redis.connect()) {
                    plain.sync().publish(RedisEventBus.CHANNEL, junk);
                }
            }

            Response created = atA.withToken(seller.accessToken())
                    .post("/api/v2/items", "{\"name\":\"Across Redis\",\"price\":\"2.00\",\"currency\":\"EUR\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String itemId = JSON.readTree(created.body()).get("id").asString();

            JsonNode event = socket.next("event");
            assertThat(event.get("topic").asString()).isEqualTo("items");
            assertThat(event.get("event").get("type").asString()).isEqualTo("item.created");
            assertThat(event.get("event").get("data").get("id").asString()).isEqualTo(itemId);
            assertThat(socket.messages.poll(700, TimeUnit.MILLISECONDS))
                    .as("delivered once")
                    .isNull();

            // It went over the Redis channel (other builds on this Redis may publish there too: find ours).
            String relayed = null;
            for (String message = onChannel.poll(5, TimeUnit.SECONDS);
                    message != null;
                    message = onChannel.poll(1, TimeUnit.SECONDS)) {
                if (message.contains(itemId)) {
                    relayed = message;
                    break;
                }
            }
            assertThat(relayed)
                    .as("the item.created event on channel " + RedisEventBus.CHANNEL)
                    .isNotNull();
            JsonNode published = JSON.readTree(relayed);
            assertThat(published.get("type").asString()).isEqualTo("item.created");
            assertThat(published.get("audience").asString().split(" ")).contains(seller.id());
        } finally {
            redis.shutdown();
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static boolean redisReachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
