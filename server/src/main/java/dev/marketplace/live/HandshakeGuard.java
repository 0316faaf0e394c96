package dev.marketplace.live;

import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.security.CorsProperties;
import dev.marketplace.shared.security.WebSocketAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Last check before the upgrade (the filter chain already required a signed-in caller): a handshake
 * authenticated by the session cookie must come from an allowed origin (the CORS list, or this server's
 * own origin) — otherwise any web page could open a socket with the visitor's cookie (cross-site WebSocket
 * hijacking). Ticket and bearer handshakes carry no ambient credential, so their origin does not matter.
 */
@Component
class HandshakeGuard implements HandshakeInterceptor {

    private final CorsProperties cors;
    private final ProblemResponseWriter problems;

    HandshakeGuard(CorsProperties cors, ProblemResponseWriter problems) {
        this.cors = cors;
        this.problems = problems;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes)
            throws IOException {
        HttpServletRequest servlet = ((ServletServerHttpRequest) request).getServletRequest();
        var servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            problems.write(
                    servlet, servletResponse, ProblemType.UNAUTHORIZED, "Sign in, or open the socket with a ticket.");
            return false;
        }
        if (WebSocketAuthentication.byCookie(servlet)) {
            String origin = request.getHeaders().getOrigin();
            if (origin == null || !(cors.allowedOrigins().contains(origin) || origin.equals(ownOrigin(servlet)))) {
                problems.write(
                        servlet,
                        servletResponse,
                        ProblemType.FORBIDDEN,
                        "A cookie-authenticated socket must be opened from an allowed origin.");
                return false;
            }
        }
        attributes.put(LiveEventHandler.SUBJECT, auth.getName());
        return true;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {
        // nothing to clean up
    }

    private static String ownOrigin(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return host == null ? null : request.getScheme() + "://" + host;
    }
}
