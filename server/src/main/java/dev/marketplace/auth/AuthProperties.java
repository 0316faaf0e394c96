package dev.marketplace.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Token issuing ({@code marketplace.auth.*}).
 *
 * @param issuer          the {@code iss} of issued tokens and the issuer this service accepts ({@code MARKETPLACE_AUTH_ISSUER})
 * @param audience        the {@code aud} of issued tokens and the audience required on incoming ones
 * @param accessTokenTtl  access token lifetime
 * @param refreshTokenTtl refresh token lifetime
 * @param signingKey      RSA private key, PKCS#8 PEM ({@code MARKETPLACE_AUTH_SIGNING_KEY}); empty = a key generated
 *                        at start (development only; the prod profile refuses to start without a configured key)
 * @param signingKeyId    the {@code kid} of the configured key
 */
@Validated
@ConfigurationProperties("marketplace.auth")
public record AuthProperties(
        @NotBlank @DefaultValue("http://localhost:8080") String issuer,
        @NotBlank @DefaultValue("marketplace-api") String audience,
        @NotNull @DefaultValue("15m") Duration accessTokenTtl,
        @NotNull @DefaultValue("30d") Duration refreshTokenTtl,
        String signingKey,
        @DefaultValue("marketplace-1") String signingKeyId) {}
