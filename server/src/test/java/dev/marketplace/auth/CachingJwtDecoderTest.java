package dev.marketplace.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** The verified-token cache, with real RS256 tokens: it saves verifications, never a refusal. */
class CachingJwtDecoderTest {

    private static final String ISSUER = "https://marketplace.test";

    private final RSAKey key = rsaKey();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger verifications = new AtomicInteger();
    private final OAuth2TokenValidator<Jwt> validator = validator(clock);

    @Test
    void aTokenIsVerifiedOnceThenServedFromTheCache() {
        CachingJwtDecoder decoder = decoder(key, 100, Duration.ofMinutes(5));
        String token = token(key, "seller-1", clock.instant().plus(Duration.ofMinutes(15)));

        Jwt first = decoder.decode(token);
        Jwt second = decoder.decode(token);

        assertThat(second.getSubject()).isEqualTo("seller-1");
        assertThat(second).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpires() {
        CachingJwtDecoder decoder = decoder(key, 100, Duration.ofMinutes(5));
        String token = token(key, "seller-1", clock.instant().plus(Duration.ofMinutes(2)));
        assertThat(decoder.decode(token).getSubject()).isEqualTo("seller-1");

        clock.advance(Duration.ofMinutes(2).plus(JWT_CLOCK_SKEW).plusSeconds(1));

        assertThatThrownBy(() -> decoder.decode(token))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(verifications).hasValue(2); // the refusal came from a full verification, not the cache
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefusedEveryTimeAndNeverCached() {
        CachingJwtDecoder decoder = decoder(key, 100, Duration.ofMinutes(5));
        RSAKey revoked = rsaKey();
        String forged = token(revoked, "admin", clock.instant().plus(Duration.ofMinutes(15)));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
        }
        assertThat(verifications).hasValue(3);
        assertThat(decoder.size()).isZero();
    }

    @Test
    void aTamperedCopyOfACachedTokenIsRefused() {
        CachingJwtDecoder decoder = decoder(key, 100, Duration.ofMinutes(5));
        String token = token(key, "buyer-1", clock.instant().plus(Duration.ofMinutes(15)));
        decoder.decode(token);
        String[] parts = token.split("\\.");
        String otherClaims = token(key, "admin", clock.instant().plus(Duration.ofMinutes(15)))
                .split("\\.")[1];

        assertThatThrownBy(() -> decoder.decode(parts[0] + "." + otherClaims + "." + parts[2]))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void theCacheIsBounded() {
        CachingJwtDecoder decoder = decoder(key, 10, Duration.ofMinutes(5));
        for (int i = 0; i < 50; i++) {
            decoder.decode(token(key, "user-" + i, clock.instant().plus(Duration.ofMinutes(15))));
        }
        assertThat(decoder.size()).isLessThanOrEqualTo(10);
    }

    private static final Duration JWT_CLOCK_SKEW = Duration.ofSeconds(60);

    private CachingJwtDecoder decoder(RSAKey trusted, int maxEntries, Duration maxAge) {
        NimbusJwtDecoder nimbus;
        try {
            nimbus = NimbusJwtDecoder.withPublicKey(trusted.toRSAPublicKey())
                    .signatureAlgorithm(SignatureAlgorithm.RS256)
                    .build();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        nimbus.setJwtValidator(validator);
        JwtDecoder counting = token -> {
            verifications.incrementAndGet();
            return nimbus.decode(token);
        };
        return new CachingJwtDecoder(counting, validator, maxEntries, maxAge, clock);
    }

    private static OAuth2TokenValidator<Jwt> validator(Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(JWT_CLOCK_SKEW);
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(
                timestamps, new JwtIssuerValidator(ISSUER), SigningKeyConfig.audience("marketplace"));
    }

    private String token(RSAKey signingKey, String subject, Instant expiresAt) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)));
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(subject)
                .audience(List.of("marketplace"))
                .issuedAt(clock.instant())
                .expiresAt(expiresAt)
                .claim("scope", "items:write")
                .build();
        return encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.RS256)
                                .keyId(signingKey.getKeyID())
                                .build(),
                        claims))
                .getTokenValue();
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
