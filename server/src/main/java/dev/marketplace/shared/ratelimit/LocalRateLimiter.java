package dev.marketplace.shared.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import java.time.Duration;

/** Buckets in this process, bounded in number and dropped when idle. Limits are per instance. */
class LocalRateLimiter implements RateLimiter {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(15))
            .build();

    @Override
    public Decision tryConsume(String key, RateLimitProperties.Limit limit) {
        Bucket bucket = buckets.get(
                key,
                k -> Bucket.builder()
                        .addLimit(Buckets.configuration(limit).getBandwidths()[0])
                        .build());
        return Buckets.decision(bucket.tryConsumeAndReturnRemaining(1));
    }
}
