package dev.marketplace.auth;

import com.nimbusds.jose.jwk.RSAKey;
import dev.marketplace.api.AuthApi;
import dev.marketplace.api.model.AuthorizationServerMetadataDto;
import dev.marketplace.api.model.JsonWebKeyDto;
import dev.marketplace.api.model.JsonWebKeySetDto;
import dev.marketplace.api.model.OneTimeTokenDto;
import dev.marketplace.api.model.PasswordResetConfirmDto;
import dev.marketplace.api.model.PasswordResetRequestDto;
import dev.marketplace.api.model.TokenResponseDto;
import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.security.SpecSecurityRules;
import dev.marketplace.user.AccountRecoveryService;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AuthController implements AuthApi {

    private static final String SESSION_COOKIE = "mp_session";
    private static final String CSRF_COOKIE = "mp_csrf";
    private static final String CSRF_HEADER = "X-CSRF-Token";

    private final TokenService tokens;
    private final BrowserSessionService sessions;
    private final AccountRecoveryService recovery;
    private final AuthProperties properties;
    private final JsonWebKeySetDto jwks;

    private final List<String> scopes;

    AuthController(
            TokenService tokens,
            BrowserSessionService sessions,
            AccountRecoveryService recovery,
            AuthProperties properties,
            RSAKey signingKey,
            SpecSecurityRules rules) {
        this.scopes = rules.scopes(); // the scopes the spec declares, like the protected-resource metadata
        this.tokens = tokens;
        this.sessions = sessions;
        this.recovery = recovery;
        this.properties = properties;
        RSAKey publicKey = signingKey.toPublicJWK();
        this.jwks = new JsonWebKeySetDto(List.of(new JsonWebKeyDto(
                "RSA",
                publicKey.getKeyID(),
                "sig",
                "RS256",
                publicKey.getModulus().toString(),
                publicKey.getPublicExponent().toString())));
    }

    @Override
    public ResponseEntity<TokenResponseDto> issueToken(
            String grantType, String username, String password, String refreshToken, String scope) {
        TokenResponseDto response = switch (grantType) {
            case "password" -> tokens.passwordGrant(username, password, scope);
            case "refresh_token" -> tokens.refreshGrant(refreshToken, scope);
            default ->
                throw new ApiException(
                        ProblemType.UNSUPPORTED_GRANT_TYPE, "Supported grant types: password, refresh_token.");
        };
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("Pragma", "no-cache")
                .body(response);
    }

    @Override
    public ResponseEntity<Void> createSession(String username, String password) {
        BrowserSessionService.Started started = sessions.start(username, password);
        return ResponseEntity.noContent()
                .cacheControl(CacheControl.noStore())
                .header(
                        HttpHeaders.SET_COOKIE,
                        cookie(SESSION_COOKIE, started.session(), true, BrowserSessionService.LIFETIME)
                                .toString())
                .header(
                        HttpHeaders.SET_COOKIE,
                        cookie(CSRF_COOKIE, started.csrf(), false, BrowserSessionService.LIFETIME)
                                .toString())
                // The same token for a page that cannot read the API's cookies (another host: cross-origin deployment).
                .header(CSRF_HEADER, started.csrf())
                .build();
    }

    @Override
    public ResponseEntity<Void> deleteSession(String mpSession, String xCSRFToken) {
        // Public operation (a stale cookie just gets cleared), so the filter does not refuse it: a live session
        // is ended only with its CSRF token, or any page could sign the browser out.
        if (mpSession != null
                && sessions.authenticate(mpSession).isPresent()
                && (xCSRFToken == null || !sessions.csrfMatches(mpSession, xCSRFToken))) {
            throw new ApiException(
                    ProblemType.CSRF_INVALID,
                    "Signing out needs the X-CSRF-Token header with the session's CSRF token.");
        }
        sessions.end(mpSession);
        return ResponseEntity.noContent()
                .header(
                        HttpHeaders.SET_COOKIE,
                        cookie(SESSION_COOKIE, "", true, Duration.ZERO).toString())
                .header(
                        HttpHeaders.SET_COOKIE,
                        cookie(CSRF_COOKIE, "", false, Duration.ZERO).toString())
                .build();
    }

    /** Secure, SameSite=Strict, whole site; the session cookie is HttpOnly, the CSRF one readable by the page. */
    private static ResponseCookie cookie(String name, String value, boolean httpOnly, Duration maxAge) {
        return ResponseCookie.from(name, value)
                .httpOnly(httpOnly)
                .secure(true)
                .sameSite("Strict")
                .path("/")
                .maxAge(maxAge)
                .build();
    }

    @Override
    public ResponseEntity<Void> confirmEmailVerification(OneTimeTokenDto oneTimeToken) {
        recovery.confirmVerification(oneTimeToken.getToken());
        return ResponseEntity.noContent().build();
    }

    @Override
    public ResponseEntity<Void> requestPasswordReset(PasswordResetRequestDto request) {
        recovery.requestReset(request.getEmail());
        return ResponseEntity.accepted().build();
    }

    @Override
    public ResponseEntity<Void> confirmPasswordReset(PasswordResetConfirmDto confirm) {
        recovery.confirmReset(confirm.getToken(), confirm.getNewPassword());
        return ResponseEntity.noContent().build();
    }

    @Override
    public ResponseEntity<JsonWebKeySetDto> getJwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(5, TimeUnit.MINUTES).cachePublic())
                .body(jwks);
    }

    @Override
    public ResponseEntity<AuthorizationServerMetadataDto> getAuthorizationServerMetadata() {
        String issuer = properties.issuer();
        AuthorizationServerMetadataDto metadata = new AuthorizationServerMetadataDto(
                URI.create(issuer),
                URI.create(issuer + AuthApi.PATH_ISSUE_TOKEN),
                URI.create(issuer + AuthApi.PATH_GET_JWKS),
                List.of("password", "refresh_token"),
                scopes,
                List.of("token"));
        metadata.setTokenEndpointAuthMethodsSupported(List.of("none"));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(5, TimeUnit.MINUTES).cachePublic())
                .body(metadata);
    }
}
