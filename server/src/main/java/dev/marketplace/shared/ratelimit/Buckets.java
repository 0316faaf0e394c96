package dev.marketplace.shared.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.util.concurrent.TimeUnit;

/** Bucket4j configuration and results, shared by both stores. */
final class Buckets {

    private Buckets() {}

    static BucketConfiguration configuration(RateLimitProperties.Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(bandwidth ->
                        bandwidth.capacity(limit.requests()).refillGreedy(limit.requests(), limit.window()))
                .build();
    }

    static RateLimiter.Decision decision(ConsumptionProbe probe) {
        long nanos = probe.isConsumed() ? probe.getNanosToWaitForReset() : probe.getNanosToWaitForRefill();
        long seconds =
                Math.max(probe.isConsumed() ? 0 : 1, (long) Math.ceil(nanos / (double) TimeUnit.SECONDS.toNanos(1)));
        return new RateLimiter.Decision(probe.isConsumed(), probe.getRemainingTokens(), seconds);
    }
}
