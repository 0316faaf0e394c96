package dev.marketplace.shared.security;

import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the browser session cookie when no bearer token or API key is sent. Unsafe requests
 * authenticated this way must carry the session's CSRF token in {@code X-CSRF-Token} (double-submit,
 * bound to the session), or they are refused with {@code 403 csrf_invalid}. A stale cookie is ignored:
 * public pages keep working and protected ones answer 401.
 */
class SessionCookieAuthenticationFilter extends OncePerRequestFilter {

    static final String SESSION_COOKIE = "mp_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final SessionAuthenticator sessions;
    private final ProblemResponseWriter problems;

    SessionCookieAuthenticationFilter(SessionAuthenticator sessions, ProblemResponseWriter problems) {
        this.sessions = sessions;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String session = cookie(request);
        if (session == null || request.getHeader("Authorization") != null
                || request.getHeader(ApiKeyAuthenticationFilter.HEADER) != null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Actor> actor = sessions.authenticate(session);
        if (actor.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        if (!SAFE.contains(request.getMethod())) {
            String csrf = request.getHeader(CSRF_HEADER);
            if (csrf == null || !sessions.csrfMatches(session, csrf)) {
                problems.write(request, response, ProblemType.CSRF_INVALID,
                        "Cookie-authenticated changes need the X-CSRF-Token header with the value of the mp_csrf cookie.");
                return;
            }
        }
        actor.get().authenticate();
        chain.doFilter(request, response);
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        return Arrays.stream(cookies).filter(c -> SESSION_COOKIE.equals(c.getName())).map(Cookie::getValue)
                .filter(v -> !v.isBlank()).findFirst().orElse(null);
    }
}
