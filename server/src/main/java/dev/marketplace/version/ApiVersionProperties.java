package dev.marketplace.version;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The deprecated v1 API's dates ({@code marketplace.api.v1.*}), sent on every v1 response as
 * {@code Deprecation} (RFC 9745) and {@code Sunset} (RFC 8594) and listed by {@code GET /api}.
 *
 * @param deprecatedAt when v1 was deprecated ({@code MARKETPLACE_API_V1_DEPRECATED_AT})
 * @param sunsetAt     after when v1 may stop answering ({@code MARKETPLACE_API_V1_SUNSET_AT})
 */
@Validated
@ConfigurationProperties("marketplace.api.v1")
public record ApiVersionProperties(
        @NotNull @DefaultValue("2026-01-01T00:00:00Z") Instant deprecatedAt,
        @NotNull @DefaultValue("2027-01-01T00:00:00Z") Instant sunsetAt) {}
