package dev.marketplace.shared.security;

import dev.marketplace.shared.web.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates the browser session cookie when no bearer token or API key is sent. An unsafe request
 * authenticates with the cookie only when it carries the session's CSRF token in {@code X-CSRF-Token}
 * (double-submit, bound to the session). Without it the cookie is not used: an operation that needs no
 * authentication (the token endpoint, sign-up, public reads) goes on anonymously, and one that does is
 * refused with {@code 403 csrf_invalid} by {@link ProblemAuthenticationEntryPoint}. A stale cookie is
 * ignored the same way: public pages keep working and protected ones answer 401 saying the session is
 * missing or expired.
 */
class SessionCookieAuthenticationFilter extends RequestFilter {

    static final String SESSION_COOKIE = "mp_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** Request attribute: a live session cookie came without its CSRF token, so the request went on anonymously. */
    static final String CSRF_REJECTED = SessionCookieAuthenticationFilter.class.getName() + ".csrfRejected";
    /** Request attribute: a session cookie came that names no live session (expired, ended or unknown). */
    static final String SESSION_STALE = SessionCookieAuthenticationFilter.class.getName() + ".sessionStale";

    private final SessionAuthenticator sessions;

    SessionCookieAuthenticationFilter(SessionAuthenticator sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String session = cookie(request);
        if (session == null
                || request.getHeader("Authorization") != null
                || request.getHeader(ApiKeyAuthenticationFilter.HEADER) != null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Actor> actor = sessions.authenticate(session);
        if (actor.isEmpty()) {
            request.setAttribute(SESSION_STALE, Boolean.TRUE);
            chain.doFilter(request, response);
            return;
        }
        if (!SAFE.contains(request.getMethod())) {
            String csrf = request.getHeader(CSRF_HEADER);
            if (csrf == null || !sessions.csrfMatches(session, csrf)) {
                request.setAttribute(CSRF_REJECTED, Boolean.TRUE);
                chain.doFilter(request, response);
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
        return Arrays.stream(cookies)
                .filter(c -> SESSION_COOKIE.equals(c.getName()))
                .map(Cookie::getValue)
                .filter(v -> !v.isBlank())
                .findFirst()
                .orElse(null);
    }
}
