package dev.marketplace.shared.security;

import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.http.HttpMethod;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.ratelimit.RateLimitConfig;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * One stateless filter chain for the API: bearer JWTs, authorization rules taken from the spec, and
 * 401/403 answered as problems. Fail closed: a path neither the spec nor {@link InfrastructurePaths} knows is a
 * 404 problem before authentication ({@link SpecRoutingFilter}), and whatever no rule grants is denied.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** The docs UIs are the only HTML: self-hosted scripts, inline styles (Swagger UI/Redoc), Redoc's blob worker. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /** Response headers a browser client may read cross-origin. */
    static final List<String> EXPOSED_HEADERS = List.of("ETag", "Location", "X-Request-Id", "Retry-After",
            "RateLimit", "RateLimit-Policy", "WWW-Authenticate", "Content-Language", "Deprecation", "Sunset", "Link",
            "traceresponse", "Idempotent-Replayed", "X-CSRF-Token");

    @Bean
    SpecSecurityRules specSecurityRules() {
        return SpecSecurityRules.fromClasspath("openapi/openapi.yaml");
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, SpecSecurityRules rules, ObjectProvider<InfrastructurePaths.Entry> registered,
            ProblemAuthenticationEntryPoint unauthorized, ProblemAccessDeniedHandler forbidden, CorsProperties corsProperties,
            ProblemResponseWriter problems, RateLimitConfig.RateLimitFilterFactory rateLimits, ApiKeyAuthenticator apiKeys,
            SessionAuthenticator sessions, TicketAuthenticator tickets,
            @Value("${marketplace.auth.issuer:http://localhost:8080}") String issuer,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String externalIssuer) throws Exception {
        List<InfrastructurePaths.Entry> infrastructure = InfrastructurePaths.withRegistered(registered.orderedStream().toList());
        http.csrf(csrf -> csrf.disable()) // bearer tokens only: nothing a browser sends by itself
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .cors(cors -> cors.disable())
                .addFilterBefore(corsFilter(corsProperties, problems), BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new SpecRoutingFilter(rules, infrastructure, problems), BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, problems), BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new SessionCookieAuthenticationFilter(sessions), BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new WebSocketTicketFilter(tickets, problems), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(rateLimits.create(), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new PrincipalMdcFilter(), BearerTokenAuthenticationFilter.class)
                .headers(headers -> headers
                        .contentTypeOptions(Customizer.withDefaults())
                        .frameOptions(frame -> frame.deny())
                        .xssProtection(xss -> xss.headerValue(XXssProtectionHeaderWriter.HeaderValue.DISABLED))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        // Sent over plain HTTP too: browsers ignore it there, and a TLS-terminating proxy forwards it.
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)
                                .requestMatcher(AnyRequestMatcher.INSTANCE))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .authorizeHttpRequests(auth -> {
                    // Error pages and async re-dispatches belong to a request that was authorized already.
                    auth.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    for (SpecSecurityRules.Rule rule : rules.rules()) {
                        for (HttpMethod method : rule.method().equals(HttpMethod.GET)
                                ? List.of(HttpMethod.GET, HttpMethod.HEAD) : List.of(rule.method())) {
                            var matcher = PathPatternRequestMatcher.withDefaults().matcher(method, rule.path());
                            if (rule.isPublic()) {
                                auth.requestMatchers(matcher).permitAll();
                            } else {
                                auth.requestMatchers(matcher).access(scopes(rule.requirements()));
                            }
                        }
                    }
                    // Infrastructure outside the spec (docs, probes, the live events WebSocket, ...): each listed with
                    // its access in InfrastructurePaths. The WebSocket takes any signed-in caller (ticket, session
                    // cookie or bearer token; 401 before the upgrade otherwise); actuator beyond probes is for admins.
                    for (InfrastructurePaths.Entry entry : infrastructure) {
                        for (HttpMethod method : entry.methods()) {
                            var matcher = PathPatternRequestMatcher.withDefaults().matcher(method, entry.pattern());
                            switch (entry.access()) {
                                case PUBLIC -> auth.requestMatchers(matcher).permitAll();
                                case SIGNED_IN -> auth.requestMatchers(matcher).authenticated();
                                case ADMIN -> auth.requestMatchers(matcher).access(scopes(List.of(Set.of(Actor.ADMIN_SCOPE))));
                            }
                        }
                    }
                    // OPTIONS reaches only known paths (SpecRoutingFilter) and answers just Allow.
                    auth.requestMatchers(HttpMethod.OPTIONS, "/**").permitAll();
                    // Fail closed: nothing is reachable by default (unknown paths are 404 before this point).
                    auth.anyRequest().denyAll();
                })
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(Customizer.withDefaults())
                        // RFC 9728 metadata at /.well-known/oauth-protected-resource (documented in the spec)
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(m -> m
                                .authorizationServer(externalIssuer.isBlank() ? issuer : externalIssuer)
                                .scopes(scopes -> scopes.addAll(rules.scopes()))
                                .tlsClientCertificateBoundAccessTokens(false)))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        return http.build();
    }

    private static CorsFilter corsFilter(CorsProperties properties, ProblemResponseWriter problems) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!properties.allowedOrigins().isEmpty()) {
            CorsConfiguration config = new CorsConfiguration();
            config.setAllowedOrigins(properties.allowedOrigins());
            config.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
            config.setAllowedHeaders(List.of("Authorization", "X-API-Key", "Content-Type", "Accept", "Accept-Language", "X-Request-Id",
                    "Idempotency-Key", "If-Match", "If-None-Match", "X-CSRF-Token"));
            config.setExposedHeaders(EXPOSED_HEADERS);
            config.setAllowCredentials(true);
            config.setMaxAge(properties.maxAge());
            source.registerCorsConfiguration("/**", config);
        }
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new ProblemCorsProcessor(problems));
        return filter;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder(); // bcrypt, upgradable
    }

    /** Granted when the caller holds every scope of at least one requirement. */
    private static AuthorizationManager<RequestAuthorizationContext> scopes(List<Set<String>> requirements) {
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
                Authentication auth = authentication.get();
                if (auth == null || !auth.isAuthenticated()
                        || auth instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
                    return new AuthorizationDecision(false);
                }
                Set<String> held = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                        .collect(java.util.stream.Collectors.toSet());
                boolean granted = requirements.stream()
                        .anyMatch(required -> required.stream().allMatch(scope -> held.contains("SCOPE_" + scope)));
                return new AuthorizationDecision(granted);
            }
        };
    }
}
