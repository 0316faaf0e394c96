package dev.marketplace.shared.ratelimit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;

/** Buckets in Redis (compare-and-swap), so every instance of the service draws from the same limit. */
class RedisRateLimiter implements RateLimiter, AutoCloseable {

    private static final String PREFIX = "marketplace:rate-limit:";

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final ProxyManager<String> buckets;

    RedisRateLimiter(String redisUrl) {
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
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
