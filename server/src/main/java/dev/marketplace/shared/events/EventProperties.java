package dev.marketplace.shared.events;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Outbox retry settings.
 *
 * @param retryInterval how often incomplete event publications are looked for
 * @param retryAfter    how old an incomplete publication must be before it is handed to its listener again
 */
@Validated
@ConfigurationProperties("marketplace.events")
public record EventProperties(
        @NotNull @DurationMin(millis = 100) Duration retryInterval,
        @NotNull @DurationMin(millis = 100) Duration retryAfter) {
}
