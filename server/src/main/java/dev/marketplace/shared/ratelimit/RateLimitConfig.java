package dev.marketplace.shared.ratelimit;

import dev.marketplace.shared.problem.ProblemResponseWriter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** In-memory buckets by default; shared Redis buckets when {@code marketplace.rate-limit.redis-url} is set. */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfig {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfig.class);

    @Bean
    RateLimiter rateLimiter(RateLimitProperties properties) {
        if (properties.redisUrl() == null || properties.redisUrl().isBlank()) {
            log.info("Rate limits kept in memory (per instance); set marketplace.rate-limit.redis-url to share them");
            return new LocalRateLimiter();
        }
        return new RedisRateLimiter(properties.redisUrl());
    }

    /** Not a bean: it belongs in the security chain (after authentication), not in the servlet filter list. */
    @Bean
    RateLimitFilterFactory rateLimitFilterFactory(
            RateLimiter limiter, RateLimitProperties properties, ProblemResponseWriter problems, MeterRegistry meters) {
        return () -> new RateLimitFilter(limiter, properties, problems, meters);
    }

    /** Makes the filter for the security chain. */
    public interface RateLimitFilterFactory {
        RateLimitFilter create();
    }
}
