package dev.marketplace.shared.security;

import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.ratelimit.RateLimitConfig;
import dev.marketplace.shared.spec.OpenApiDocument;
import jakarta.servlet.DispatcherType;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * One stateless filter chain for the API: bearer JWTs, authorization rules taken from the spec, and
 * 401/403 answered as problems. Fail closed: a path neither the spec nor {@link InfrastructurePaths} knows is a
 * 404 problem before authentication ({@link SpecRoutingFilter}), and whatever no rule grants is denied.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** The docs UIs are the only HTML: self-hosted scripts, inline styles (Swagger UI/Redoc), Redoc's blob worker. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
                    + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /** Response headers a browser client may read cross-origin. */
    static final List<String> EXPOSED_HEADERS = List.of(
            "ETag",
            "Location",
            "X-Request-Id",
            "Retry-After",
            "RateLimit",
            "RateLimit-Policy",
            "WWW-Authenticate",
            "Content-Language",
            "Deprecation",
            "Sunset",
            "Link",
            "traceresponse",
            "Idempotent-Replayed",
            "X-CSRF-Token");

    @Bean
    SpecSecurityRules specSecurityRules() {
        return SpecSecurityRules.fromClasspath(OpenApiDocument.RESOURCE);
    }

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            SpecSecurityRules rules,
            ObjectProvider<InfrastructurePaths.Entry> registered,
            ProblemAuthenticationEntryPoint unauthorized,
            ProblemAccessDeniedHandler forbidden,
            CorsProperties corsProperties,
            ProblemResponseWriter problems,
            RateLimitConfig.RateLimitFilterFactory rateLimits,
            ApiKeyAuthenticator apiKeys,
            SessionAuthenticator sessions,
            TicketAuthenticator tickets,
            @Value("${marketplace.auth.issuer:http://localhost:8080}") String issuer,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String externalIssuer)
            throws Exception {
        SpecRoutes routes = new SpecRoutes(
                rules,
                InfrastructurePaths.withRegistered(registered.orderedStream().toList()));
        http.csrf(csrf -> csrf.disable()) // bearer tokens only: nothing a browser sends by itself
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .cors(cors -> cors.disable())
                .addFilterBefore(corsFilter(corsProperties, problems), BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new SpecRoutingFilter(routes, problems), BearerTokenAuthenticationFilter.class)
                .addFilterBefore(
                        new ApiKeyAuthenticationFilter(apiKeys, problems), BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new SessionCookieAuthenticationFilter(sessions), BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new WebSocketTicketFilter(tickets, problems), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(rateLimits.create(), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new PrincipalMdcFilter(), BearerTokenAuthenticationFilter.class)
                .headers(headers -> headers.contentTypeOptions(Customizer.withDefaults())
                        .frameOptions(frame -> frame.deny())
                        .xssProtection(xss -> xss.headerValue(XXssProtectionHeaderWriter.HeaderValue.DISABLED))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        // Sent over plain HTTP too: browsers ignore it there, and a TLS-terminating proxy forwards it.
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true)
                                .maxAgeInSeconds(31_536_000)
                                .requestMatcher(AnyRequestMatcher.INSTANCE))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .authorizeHttpRequests(auth -> {
                    // Error pages and async re-dispatches belong to a request that was authorized already.
                    auth.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
                            .permitAll();
                    // The spec's operations, then the infrastructure outside the spec (docs, probes, the live events
                    // WebSocket, ...; each listed with its access in InfrastructurePaths): the route SpecRoutingFilter
                    // resolved decides (SpecRoutes); OPTIONS answers just Allow; fail closed: nothing else is
                    // reachable.
                    auth.anyRequest().access(routes.authorization());
                })
                .oauth2ResourceServer(oauth -> oauth.bearerTokenResolver(new HeaderBearerTokenResolver())
                        .jwt(Customizer.withDefaults())
                        // RFC 9728 metadata at /.well-known/oauth-protected-resource (documented in the spec)
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(
                                m -> m.authorizationServer(externalIssuer.isBlank() ? issuer : externalIssuer)
                                        .scopes(scopes -> scopes.addAll(rules.scopes()))
                                        .tlsClientCertificateBoundAccessTokens(false)))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(
                        ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        return http.build();
    }

    private static CorsFilter corsFilter(CorsProperties properties, ProblemResponseWriter problems) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!properties.allowedOrigins().isEmpty()) {
            CorsConfiguration config = new CorsConfiguration();
            config.setAllowedOrigins(properties.allowedOrigins());
            config.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
            config.setAllowedHeaders(List.of(
                    "Authorization",
                    "X-API-Key",
                    "Content-Type",
                    "Accept",
                    "Accept-Language",
                    "X-Request-Id",
                    "Idempotency-Key",
                    "If-Match",
                    "If-None-Match",
                    "X-CSRF-Token"));
            config.setExposedHeaders(EXPOSED_HEADERS);
            config.setAllowCredentials(true);
            config.setMaxAge(properties.maxAge());
            source.registerCorsConfiguration("/**", config);
        }
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new ProblemCorsProcessor(problems));
        return filter;
    }

    /** Spring Security's default firewall, its character checks without regular expressions (see FirewallCharacters). */
    @Bean
    HttpFirewall httpFirewall() {
        return FirewallCharacters.firewall();
    }

    /** BCrypt's own default cost (2^10 rounds), the production setting. */
    static final int DEFAULT_BCRYPT_STRENGTH = 10;

    /**
     * Spring Security's delegating encoder: bcrypt, upgradable. {@code marketplace.auth.bcrypt-strength} is for tests
     * only (server/src/test/resources/config/application.yaml lowers it so that the hundreds of sign-ups and sign-ins
     * the suites make do not spend a minute of CPU on hashing); unset, the encoder is exactly Spring Security's default.
     * The {@code prod} profile refuses a cost below the default: a copied test setting must not weaken stored passwords.
     */
    @Bean
    PasswordEncoder passwordEncoder(
            @Value("${marketplace.auth.bcrypt-strength:" + DEFAULT_BCRYPT_STRENGTH + "}") int bcryptStrength,
            Environment environment) {
        if (bcryptStrength < DEFAULT_BCRYPT_STRENGTH && environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException("marketplace.auth.bcrypt-strength=" + bcryptStrength
                    + " is for tests only: the prod profile hashes passwords at bcrypt cost "
                    + DEFAULT_BCRYPT_STRENGTH + " or more");
        }
        return encoder(bcryptStrength);
    }

    static PasswordEncoder encoder(int bcryptStrength) {
        if (bcryptStrength == DEFAULT_BCRYPT_STRENGTH) {
            return PasswordEncoderFactories.createDelegatingPasswordEncoder();
        }
        // New hashes are bcrypt at the given cost; a stored hash of any other format Spring Security's default
        // encoder knows ({pbkdf2}, {argon2}, ...) is still read, by that encoder, and marked for upgrade.
        DelegatingPasswordEncoder encoder =
                new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(bcryptStrength)));
        encoder.setDefaultPasswordEncoderForMatches(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        return encoder;
    }
}
