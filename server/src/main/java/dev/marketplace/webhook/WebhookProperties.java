package dev.marketplace.webhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Partner webhooks ({@code marketplace.webhooks.*}).
 *
 * @param allowInsecureUrls   accept {@code http://} endpoint URLs (tests, local development only)
 * @param allowPrivateTargets allow loopback/private/link-local targets (tests, local development only)
 * @param pollInterval        how often due deliveries are looked for
 * @param batchSize           deliveries claimed per poll and instance
 * @param lease               how long a claimed delivery is reserved for the instance sending it
 * @param connectTimeout      TCP/TLS connect timeout
 * @param responseTimeout     how long to wait for the receiver's answer
 * @param retrySchedule       waits after the 1st, 2nd, … failed attempt (±20% jitter); after the last the delivery fails
 * @param maxRetryAfter       a receiver's {@code Retry-After} is honoured up to this
 * @param secretGracePeriod   how long the previous secret keeps signing after a rotation
 * @param secretKey           base64 AES key (16/24/32 bytes) that encrypts signing secrets at rest; none = stored as is
 * @param maxEndpoints        endpoints per account
 */
@Validated
@ConfigurationProperties("marketplace.webhooks")
public record WebhookProperties(
        @DefaultValue("false") boolean allowInsecureUrls,
        @DefaultValue("false") boolean allowPrivateTargets,

        @NotNull @DurationMin(millis = 10) @DefaultValue("1s")
        Duration pollInterval,

        @Min(1) @Max(500) @DefaultValue("50") int batchSize,

        @NotNull @DurationMin(seconds = 1) @DefaultValue("60s")
        Duration lease,

        @NotNull @DurationMin(millis = 100) @DefaultValue("10s")
        Duration connectTimeout,

        @NotNull @DurationMin(millis = 100) @DefaultValue("15s")
        Duration responseTimeout,

        @NotEmpty @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "14h", "20h", "24h"})
        List<Duration> retrySchedule,

        @NotNull @DefaultValue("24h") Duration maxRetryAfter,
        @NotNull @DefaultValue("24h") Duration secretGracePeriod,
        String secretKey,
        @Min(1) @Max(20) @DefaultValue("20") int maxEndpoints) {}
