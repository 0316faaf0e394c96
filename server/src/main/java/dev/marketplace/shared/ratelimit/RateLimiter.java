package dev.marketplace.shared.ratelimit;

/** Takes one token from the bucket of a key; implementations keep buckets in memory or in Redis. */
interface RateLimiter {

    Decision tryConsume(String key, RateLimitProperties.Limit limit);

    /** @param remaining tokens left; @param resetSeconds seconds until the bucket is full again (or until one token, when rejected) */
    record Decision(boolean allowed, long remaining, long resetSeconds) {}
}
