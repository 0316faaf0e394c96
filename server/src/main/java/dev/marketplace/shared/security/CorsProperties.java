package dev.marketplace.shared.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access ({@code marketplace.cors.*}). Only the listed origins get CORS headers; there is
 * no wildcard, so credentials are never offered to any origin.
 *
 * @param allowedOrigins exact origins, e.g. {@code https://shop.example} ({@code MARKETPLACE_CORS_ALLOWED_ORIGINS}, comma-separated)
 * @param maxAge         how long browsers may cache a preflight answer
 */
@ConfigurationProperties("marketplace.cors")
public record CorsProperties(
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("1h") Duration maxAge) {

    public CorsProperties {
        if (allowedOrigins.stream().anyMatch(o -> o.contains("*"))) {
            throw new IllegalArgumentException(
                    "marketplace.cors.allowed-origins must list exact origins; '*' is not allowed");
        }
    }
}
