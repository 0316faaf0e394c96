package dev.marketplace.auth;

import dev.marketplace.api.model.TokenResponseDto;
import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.security.SecretTokens;
import dev.marketplace.user.AuthenticatedUser;
import dev.marketplace.user.PasswordChanged;
import dev.marketplace.user.UserDeleted;
import dev.marketplace.user.UserService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The OAuth 2.0 password and refresh-token grants: RS256 access tokens, and opaque refresh tokens that
 * rotate on every use. Presenting a refresh token a second time means it leaked: its whole family is
 * revoked.
 */
@Service
public class TokenService {

    private static final String REFRESH_PREFIX = "rt_";

    private final UserService users;
    private final RefreshTokenRepository refreshTokens;
    private final JwtEncoder encoder;
    private final AuthProperties properties;
    private final com.nimbusds.jose.jwk.RSAKey signingKey;
    private final Clock clock;
    private final MeterRegistry meters;

    TokenService(
            UserService users,
            RefreshTokenRepository refreshTokens,
            JwtEncoder encoder,
            AuthProperties properties,
            com.nimbusds.jose.jwk.RSAKey signingKey,
            Clock clock,
            MeterRegistry meters) {
        this.meters = meters;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.encoder = encoder;
        this.properties = properties;
        this.signingKey = signingKey;
        this.clock = clock;
    }

    @Transactional
    public TokenResponseDto passwordGrant(String username, String password, String scope) {
        if (username == null || password == null) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "The password grant needs username and password.");
        }
        AuthenticatedUser user = users.authenticate(username, password).orElseThrow(() -> {
            meters.counter("marketplace.auth.sign_in_failures").increment();
            return new ApiException(ProblemType.INVALID_GRANT, "The email or password is wrong.");
        });
        Set<String> scopes = narrow(RoleScopes.of(user.role()), scope);
        return issue(user.id(), user.role(), scopes, UUID.randomUUID());
    }

    /** Rotates a refresh token. Not rolled back on a grant error: a detected reuse must stay revoked. */
    @Transactional(noRollbackFor = ApiException.class)
    public TokenResponseDto refreshGrant(String refreshToken, String scope) {
        if (refreshToken == null) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "The refresh_token grant needs refresh_token.");
        }
        Instant now = clock.instant();
        RefreshToken token =
                refreshTokens.findForUpdate(SecretTokens.hash(refreshToken)).orElseThrow(TokenService::invalidRefresh);
        if (token.isRevoked() || token.isExpired(now)) {
            throw invalidRefresh();
        }
        if (token.isUsed()) {
            meters.counter("marketplace.auth.refresh_token_reuse").increment();
            refreshTokens.revokeFamily(token.familyId(), now);
            throw new ApiException(
                    ProblemType.INVALID_GRANT,
                    "This refresh token was already used; every token from the same sign-in is now revoked.");
        }
        token.markUsed(now);
        String role = users.activeRole(token.userId()).orElseThrow(TokenService::invalidRefresh);
        Set<String> granted = new TreeSet<>(Arrays.asList(token.scope().split(" ")));
        granted.retainAll(RoleScopes.of(role)); // a role change since sign-in takes effect now
        return issue(token.userId(), role, narrow(granted, scope), token.familyId());
    }

    @EventListener
    void revokeTokensOf(UserDeleted event) {
        refreshTokens.revokeAllOf(event.userId(), clock.instant());
    }

    @EventListener
    void revokeTokensOf(PasswordChanged event) {
        refreshTokens.revokeAllOf(event.userId(), clock.instant());
    }

    private TokenResponseDto issue(UUID userId, String role, Set<String> scopes, UUID family) {
        Instant now = clock.instant();
        String scope = String.join(" ", scopes);
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .audience(List.of(properties.audience()))
                .subject(userId.toString())
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now.plus(properties.accessTokenTtl()))
                .id(UUID.randomUUID().toString())
                .claim("scope", scope)
                .claim("role", role)
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256)
                .keyId(signingKey.getKeyID())
                .type("JWT")
                .build();
        String accessToken =
                encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();

        String refresh = SecretTokens.generate(REFRESH_PREFIX, 32);
        refreshTokens.save(new RefreshToken(
                SecretTokens.hash(refresh), family, userId, scope, now, now.plus(properties.refreshTokenTtl())));

        return new TokenResponseDto(
                accessToken,
                TokenResponseDto.TokenTypeEnum.BEARER,
                (int) properties.accessTokenTtl().toSeconds(),
                refresh,
                scope);
    }

    private static Set<String> narrow(Set<String> allowed, String requested) {
        if (requested == null || requested.isBlank()) {
            return new TreeSet<>(allowed);
        }
        Set<String> wanted = new LinkedHashSet<>(Arrays.asList(requested.trim().split("\\s+")));
        if (!allowed.containsAll(wanted)) {
            throw new ApiException(
                    ProblemType.INVALID_SCOPE,
                    "Requested scopes must be a subset of: " + String.join(" ", new TreeSet<>(allowed)) + ".");
        }
        return new TreeSet<>(wanted);
    }

    private static ApiException invalidRefresh() {
        return new ApiException(ProblemType.INVALID_GRANT, "The refresh token is not valid; sign in again.");
    }
}
