package dev.marketplace.shared.idempotency;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Idempotency-Key settings.
 *
 * @param retention         how long a key and its stored response are kept and replayed (at least 24 h)
 * @param inProgressTimeout after how long an unfinished attempt (its server died mid-request) may be taken over by a retry
 * @param purgeInterval     how often expired keys are deleted
 */
@Validated
@ConfigurationProperties("marketplace.idempotency")
public record IdempotencyProperties(
        @NotNull @DurationMin(hours = 24) Duration retention,
        @NotNull @DurationMin(seconds = 1) Duration inProgressTimeout,
        @NotNull @DurationMin(seconds = 1) Duration purgeInterval) {}
