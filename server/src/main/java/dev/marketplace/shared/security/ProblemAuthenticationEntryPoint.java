package dev.marketplace.shared.security;

import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/**
 * 401 per RFC 6750 ({@code WWW-Authenticate: Bearer …}) with a problem body that says which credential failed: the
 * access token, or the browser session (cookie missing or expired). A live session cookie sent on an unsafe request
 * without its CSRF token is a {@code 403 csrf_invalid} instead (see {@link SessionCookieAuthenticationFilter}).
 */
@Component
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
    private final ProblemResponseWriter problems;

    ProblemAuthenticationEntryPoint(ProblemResponseWriter problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        boolean tokenSent = request.getHeader("Authorization") != null;
        if (!tokenSent && request.getAttribute(SessionCookieAuthenticationFilter.CSRF_REJECTED) != null) {
            problems.write(
                    request,
                    response,
                    ProblemType.CSRF_INVALID,
                    "Cookie-authenticated changes need the X-CSRF-Token header with the session's CSRF token "
                            + "(the mp_csrf cookie, or the X-CSRF-Token header of the sign-in response).");
            return;
        }
        challenge.commence(request, response, ex);
        String detail;
        if (tokenSent) {
            detail = "The access token is not valid (expired, malformed, wrongly signed or for another audience).";
        } else if (request.getAttribute(SessionCookieAuthenticationFilter.SESSION_STALE) != null) {
            detail = "The browser session has expired or was ended: sign in again (POST /api/v2/auth/session).";
        } else if (request.getHeader(SessionCookieAuthenticationFilter.CSRF_HEADER) != null) {
            // A cookie caller (it sends the CSRF header) whose browser sent no session cookie.
            detail =
                    "The browser session is missing (no mp_session cookie was sent): sign in (POST /api/v2/auth/session); "
                            + "cross-origin, send credentials and use an allowed origin.";
        } else {
            detail = "Send a valid access token in the Authorization header (or sign in for a browser session).";
        }
        problems.write(request, response, ProblemType.UNAUTHORIZED, detail);
    }
}
