package dev.marketplace.contact;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The contact form ({@code marketplace.contact.*}).
 *
 * @param inbox         where contact messages are mailed ({@code MARKETPLACE_CONTACT_INBOX})
 * @param pollInterval  how often pending messages are retried ({@code MARKETPLACE_CONTACT_POLL_INTERVAL})
 * @param retryDelay    wait after the first failed attempt; doubles with each further one ({@code MARKETPLACE_CONTACT_RETRY_DELAY})
 * @param maxRetryDelay longest wait between attempts ({@code MARKETPLACE_CONTACT_MAX_RETRY_DELAY})
 * @param maxAttempts   attempts before a message is marked failed ({@code MARKETPLACE_CONTACT_MAX_ATTEMPTS})
 */
@Validated
@ConfigurationProperties("marketplace.contact")
public record ContactProperties(
        @NotBlank @Email @DefaultValue("contact@marketplace.example")
        String inbox,

        @NotNull @DefaultValue("10s") Duration pollInterval,
        @NotNull @DefaultValue("30s") Duration retryDelay,
        @NotNull @DefaultValue("1h") Duration maxRetryDelay,
        @Min(1) @Max(100) @DefaultValue("12") int maxAttempts) {

    /** Wait before the next attempt after {@code attempts} failed ones: retryDelay · 2^(attempts-1), capped. */
    Duration backoff(int attempts) {
        Duration delay = retryDelay.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }
}
