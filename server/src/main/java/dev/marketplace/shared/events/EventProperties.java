package dev.marketplace.shared.events;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Outbox relay settings.
 *
 * @param retryInterval  how often each instance looks for events it was not woken for: those recorded by another
 *                       instance that died before relaying them, and failed ones whose retry is due
 * @param retryAfter     the wait before a failed event is retried the first time; it doubles with each failure …
 * @param maxRetryDelay  … up to this
 * @param batchSize      at most this many events per relay transaction
 */
@Validated
@ConfigurationProperties("marketplace.events")
public record EventProperties(
        @NotNull @DurationMin(millis = 10) Duration retryInterval,
        @NotNull @DurationMin(millis = 10) Duration retryAfter,

        @NotNull @DurationMin(millis = 10) @DefaultValue("1h")
        Duration maxRetryDelay,

        @Min(1) @Max(10_000) @DefaultValue("500") int batchSize) {}
