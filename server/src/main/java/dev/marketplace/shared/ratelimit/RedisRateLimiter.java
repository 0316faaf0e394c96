package dev.marketplace.shared.ratelimit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;

/**
 * Buckets in Redis (compare-and-swap), so every instance of the service draws from the same limit.
 *
 * <p>While Redis is unreachable every command fails at once (not queued until a reconnect, Lettuce's default) and
 * none waits longer than {@link #COMMAND_TIMEOUT}: the filter then lets the request through, so an outage of the
 * limiter's store costs a request at most that long instead of holding it until Redis is back.
 */
class RedisRateLimiter implements RateLimiter, AutoCloseable {

    private static final String PREFIX = "marketplace:rate-limit:";
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final ProxyManager<String> buckets;

    RedisRateLimiter(String redisUrl) {
        this.client = RedisClient.create(redisUrl);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        connection.setTimeout(COMMAND_TIMEOUT);
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    @Override
    public Decision tryConsume(String key, RateLimitProperties.Limit limit) {
        var bucket = buckets.getProxy(PREFIX + key, () -> Buckets.configuration(limit));
        return Buckets.decision(bucket.tryConsumeAndReturnRemaining(1));
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
