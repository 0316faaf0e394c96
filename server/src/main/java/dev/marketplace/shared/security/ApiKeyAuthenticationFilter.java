package dev.marketplace.shared.security;

import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.web.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Authenticates {@code X-API-Key}. A key anywhere in the URL is refused outright (URLs end up in logs,
 * proxies and browser history); an unknown or revoked key is a {@code 401}. A valid key acts as its
 * owner with the key's scopes; revocation is checked on every request.
 */
class ApiKeyAuthenticationFilter extends RequestFilter {

    static final String HEADER = "X-API-Key";
    private static final List<String> QUERY_NAMES = List.of("api_key", "apikey", "api-key", "x-api-key", "key");

    private final ApiKeyAuthenticator keys;
    private final ProblemResponseWriter problems;

    ApiKeyAuthenticationFilter(ApiKeyAuthenticator keys, ProblemResponseWriter problems) {
        this.keys = keys;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (keyInUrl(request)) {
            problems.write(
                    request,
                    response,
                    ProblemType.BAD_REQUEST,
                    "API keys are accepted only in the X-API-Key header, never in the URL. Revoke this key: it may have been logged.");
            return;
        }
        String raw = request.getHeader(HEADER);
        if (raw == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Actor> actor = keys.authenticate(raw.strip());
        if (actor.isEmpty()) {
            response.setHeader("WWW-Authenticate", "ApiKey realm=\"marketplace\", error=\"invalid_key\"");
            problems.write(request, response, ProblemType.UNAUTHORIZED, "The API key is unknown or revoked.");
            return;
        }
        actor.get().authenticate();
        chain.doFilter(request, response);
    }

    private static boolean keyInUrl(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null) {
            return false;
        }
        if (query.contains("mk_live_")) {
            return true;
        }
        return request.getParameterMap().keySet().stream()
                .map(k -> k.toLowerCase(Locale.ROOT))
                .anyMatch(QUERY_NAMES::contains);
    }
}
