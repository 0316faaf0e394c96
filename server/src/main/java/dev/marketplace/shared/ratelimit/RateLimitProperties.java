package dev.marketplace.shared.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits ({@code marketplace.rate-limit.*}). Buckets are kept in this process unless {@code redis-url}
 * is set, in which case every instance shares them through Redis. Defaults are in {@code application.yaml}.
 *
 * @param enabled       turn limiting off entirely ({@code MARKETPLACE_RATE_LIMIT_ENABLED})
 * @param redisUrl      e.g. {@code redis://127.0.0.1:6379} ({@code MARKETPLACE_RATE_LIMIT_REDIS_URL}); empty = in memory
 * @param anonymous     per client IP, for callers without credentials
 * @param authenticated per token subject
 * @param auth          per client IP on sign-in and sign-up (stricter: password guessing)
 */
@Validated
@ConfigurationProperties("marketplace.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        String redisUrl,
        @Valid @NotNull Limit anonymous,
        @Valid @NotNull Limit authenticated,
        @Valid @NotNull Limit auth) {

    /** {@code requests} per {@code window}, refilled gradually. */
    public record Limit(@Min(1) long requests, @NotNull Duration window) {}
}
