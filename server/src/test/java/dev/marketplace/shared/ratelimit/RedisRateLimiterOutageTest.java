package dev.marketplace.shared.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.marketplace.testsupport.TcpProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The shared rate limiter through a Redis outage (a TCP proxy in front of the machine's Redis that the test cuts and
 * restores): while Redis is down a check fails within the command timeout instead of waiting for Redis to come back
 * (the filter then lets the request through, see README), and once Redis is back the same limiter counts again.
 * Skipped, visibly, where there is no Redis.
 */
class RedisRateLimiterOutageTest {

    private static final RateLimitProperties.Limit LIMIT = new RateLimitProperties.Limit(100, Duration.ofHours(1));

    @Test
    void checksFailFastWhileRedisIsDownAndCountAgainOnceItIsBack() throws Exception {
        assumeTrue(redisReachable(), "No Redis on 127.0.0.1:6379: the rate-limit outage test is skipped");
        String key = "outage-test:" + UUID.randomUUID();
        TcpProxy proxy = new TcpProxy(6379);
        try (RedisRateLimiter limiter = new RedisRateLimiter("redis://127.0.0.1:" + proxy.port())) {
            assertThat(limiter.tryConsume(key, LIMIT).remaining()).isEqualTo(99);

            proxy.stop();
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> limiter.tryConsume(key, LIMIT)).isInstanceOf(RuntimeException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("a check while Redis is down fails at once")
                        .isLessThan(RedisRateLimiter.COMMAND_TIMEOUT.plusSeconds(1));
            }

            proxy.start();
            await().atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .untilAsserted(() ->
                            assertThat(limiter.tryConsume(key, LIMIT).allowed()).isTrue());
            assertThat(limiter.tryConsume(key, LIMIT).remaining())
                    .as("the bucket kept its count through the outage")
                    .isLessThan(98);
        } finally {
            proxy.close();
        }
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
