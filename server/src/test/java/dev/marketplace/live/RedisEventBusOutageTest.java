package dev.marketplace.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.marketplace.testsupport.TcpProxy;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Redis fan-out through a Redis outage (a TCP proxy in front of the machine's Redis on 127.0.0.1:6379 that the
 * test cuts and restores): publishing fails at once instead of hanging in the event listener, and after the outage
 * the subscription is back without a restart. Skipped, visibly, where there is no Redis.
 */
class RedisEventBusOutageTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What reached this instance's sockets, recorded instead of sent. */
    record Delivered(String type, Collection<String> audience, String envelope) {}

    @Test
    void publishFailsFastWhileRedisIsDownAndEventsFlowAgainOnceItIsBack() throws Exception {
        assumeTrue(redisReachable(), "No Redis on 127.0.0.1:6379: the Redis outage test is skipped");
        BlockingQueue<Delivered> delivered = new LinkedBlockingQueue<>();
        LiveProperties properties = new LiveProperties(
                LiveProperties.Fanout.LOCAL,
                null,
                Duration.ofSeconds(60),
                Duration.ofSeconds(25),
                524288,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        LiveSessions sessions = new LiveSessions(properties, Clock.systemUTC(), new SimpleMeterRegistry()) {
            @Override
            void deliver(String type, Collection<String> audience, String envelope) {
                delivered.add(new Delivered(type, audience, envelope));
            }
        };
        String subject =
                UUID.randomUUID().toString(); // other builds may use this Redis: ours are told apart by subject

        TcpProxy proxy = new TcpProxy(6379);
        RedisEventBus bus = new RedisEventBus("redis://127.0.0.1:" + proxy.port(), sessions, JSON);
        try {
            bus.publish("item.created", Set.of(subject), "{\"n\":1}");
            assertThat(next(delivered, subject)).isEqualTo(new Delivered("item.created", Set.of(subject), "{\"n\":1}"));

            proxy.stop();
            long started = System.nanoTime();
            assertThatThrownBy(() -> bus.publish("item.created", Set.of(subject), "{\"n\":2}"))
                    .isInstanceOf(RedisException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("a publish while Redis is down fails at once")
                    .isLessThan(RedisEventBus.PUBLISH_TIMEOUT.plusSeconds(1));

            proxy.start();
            // Lettuce reconnects (backing off) and resubscribes: events flow again, without a restart.
            await().atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        bus.publish("item.updated", Set.of(subject), "{\"n\":3}");
                        assertThat(next(delivered, subject, 400)).isNotNull();
                    });
        } finally {
            bus.destroy();
            proxy.close();
        }
    }

    private static Delivered next(BlockingQueue<Delivered> delivered, String subject) throws InterruptedException {
        Delivered found = next(delivered, subject, 5000);
        assertThat(found).as("delivered within 5 s").isNotNull();
        return found;
    }

    private static Delivered next(BlockingQueue<Delivered> delivered, String subject, long millis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            Delivered d = delivered.poll(
                    Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
            if (d != null && d.audience().contains(subject)) {
                return d;
            }
        }
        return null;
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
