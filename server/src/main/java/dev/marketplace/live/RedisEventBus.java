package dev.marketplace.live;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fan-out through Redis pub/sub (channel {@code marketplace:live-events}); every instance subscribes.
 * <ul>
 *   <li>While Redis is unreachable a publish fails at once (no 60 s wait in the outbox relay; the outbox
 *       keeps the event and retries it), and the subscription comes back by itself
 *       when Redis does (Lettuce reconnects and resubscribes).
 *   <li>Messages are handed from Lettuce's I/O thread to one delivery thread (order kept, a slow socket never
 *       stalls the Redis connection); past {@value #QUEUE_LIMIT} waiting messages new ones are dropped — live
 *       events are best effort.
 *   <li>A message on the channel that is not a live event is ignored with a warning (never its content).
 * </ul>
 */
final class RedisEventBus implements LiveEventBus, DisposableBean {

    static final String CHANNEL = "marketplace:live-events";
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);
    static final int QUEUE_LIMIT = 10_000;
    private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final ThreadPoolExecutor delivery;
    private final LiveSessions sessions;
    private final JsonMapper json;

    RedisEventBus(String redisUrl, LiveSessions sessions, JsonMapper json) {
        this.sessions = sessions;
        this.json = json;
        this.delivery = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_LIMIT),
                Thread.ofVirtual().name("live-events-redis").factory(),
                (task, pool) -> {
                    throw new RejectedExecutionException();
                });
        this.client = RedisClient.create(redisUrl);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        this.publisher = client.connect();
        publisher.setTimeout(PUBLISH_TIMEOUT);
        this.subscriber = client.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                receive(message);
            }
        });
        subscriber.sync().subscribe(CHANNEL);
    }

    @Override
    public void publish(List<LiveEvent> events) {
        for (LiveEvent event : events) {
            ObjectNode message = json.createObjectNode();
            message.put("type", event.type());
            message.put("audience", String.join(" ", event.audience()));
            message.put("envelope", event.envelope());
            publisher.sync().publish(CHANNEL, message.toString());
        }
    }

    /** On Lettuce's I/O thread: parse, then queue for the delivery thread. */
    private void receive(String message) {
        String type;
        Set<String> audience;
        String envelope;
        try {
            JsonNode node = json.readTree(message);
            JsonNode typeNode = node.path("type");
            JsonNode audienceNode = node.path("audience");
            JsonNode envelopeNode = node.path("envelope");
            if (!typeNode.isString() || !audienceNode.isString() || !envelopeNode.isString()) {
                throw new IllegalArgumentException("not a live event");
            }
            type = typeNode.asString();
            audience = new HashSet<>(Arrays.asList(audienceNode.asString().split(" ")));
            envelope = envelopeNode.asString();
        } catch (RuntimeException e) {
            log.warn(
                    "Ignored a message on Redis channel {} that is not a live event ({})",
                    CHANNEL,
                    e.getClass().getSimpleName());
            return;
        }
        try {
            delivery.execute(() -> deliver(type, audience, envelope));
        } catch (RejectedExecutionException e) {
            log.warn("Live event {} dropped: {} messages are waiting for delivery", type, QUEUE_LIMIT);
        }
    }

    private void deliver(String type, Set<String> audience, String envelope) {
        try {
            sessions.deliver(type, audience, envelope);
        } catch (RuntimeException e) {
            log.warn("Could not deliver live event {}: {}", type, e.getClass().getSimpleName());
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        subscriber.close();
        publisher.close();
        client.shutdown();
        delivery.shutdown();
        delivery.awaitTermination(3, TimeUnit.SECONDS);
    }
}
