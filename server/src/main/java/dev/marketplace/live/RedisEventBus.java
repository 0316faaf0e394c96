package dev.marketplace.live;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Set;
import org.springframework.beans.factory.DisposableBean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Fan-out through Redis pub/sub (channel {@code marketplace:live-events}); every instance subscribes. */
final class RedisEventBus implements LiveEventBus, DisposableBean {

    static final String CHANNEL = "marketplace:live-events";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final JsonMapper json;

    RedisEventBus(String redisUrl, LiveSessions sessions, JsonMapper json) {
        this.json = json;
        this.client = RedisClient.create(redisUrl);
        this.publisher = client.connect();
        this.subscriber = client.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                JsonNode node = json.readTree(message);
                sessions.deliver(node.get("type").asString(), Set.of(node.get("audience").asString().split(" ")),
                        node.get("envelope").asString());
            }
        });
        subscriber.sync().subscribe(CHANNEL);
    }

    @Override
    public void publish(String type, Set<String> audience, String envelope) {
        ObjectNode message = json.createObjectNode();
        message.put("type", type);
        message.put("audience", String.join(" ", audience));
        message.put("envelope", envelope);
        publisher.sync().publish(CHANNEL, message.toString());
    }

    @Override
    public void destroy() {
        subscriber.close();
        publisher.close();
        client.shutdown();
    }
}
