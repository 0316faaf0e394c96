package dev.marketplace.payment;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Payment provider webhook settings.
 *
 * @param webhookSecret      the secret shared with the provider (at least 16 characters); required in the
 *                           prod profile, generated at start otherwise (then no real provider can sign)
 * @param signatureTolerance how far a signature's timestamp may be from the server's clock
 */
@Validated
@ConfigurationProperties("marketplace.payments")
public record PaymentProperties(
        String webhookSecret,
        @NotNull @DurationMin(seconds = 1) Duration signatureTolerance) {}
