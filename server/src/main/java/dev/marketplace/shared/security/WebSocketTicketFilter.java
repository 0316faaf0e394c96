package dev.marketplace.shared.security;

import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.web.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates the live-events WebSocket handshake ({@code GET /ws/events?ticket=…}) with a single-use
 * ticket from {@code POST /api/v2/events/tickets}. Only on that path: a ticket is not a credential anywhere
 * else. An unknown, expired or used ticket is a 401 before the upgrade.
 */
class WebSocketTicketFilter extends RequestFilter {

    static final String PATH = "/ws/events";
    /** Request attribute naming how the handshake was authenticated (the Origin check depends on it). */
    public static final String AUTHENTICATED_BY = "marketplace.ws.authenticated-by";

    private final TicketAuthenticator tickets;
    private final ProblemResponseWriter problems;

    WebSocketTicketFilter(TicketAuthenticator tickets, ProblemResponseWriter problems) {
        this.tickets = tickets;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PATH.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String ticket = request.getParameter("ticket");
        if (request.getHeader("Authorization") != null) {
            request.setAttribute(AUTHENTICATED_BY, "bearer");
        }
        if (ticket == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Actor> actor = ticket.length() <= 64 ? tickets.redeem(ticket) : Optional.empty();
        if (actor.isEmpty()) {
            response.setHeader(
                    "WWW-Authenticate",
                    "Bearer error=\"invalid_token\", error_description=\"unknown, expired or used ticket\"");
            problems.write(
                    request,
                    response,
                    ProblemType.UNAUTHORIZED,
                    "The ticket is unknown, expired or already used; get a new one.");
            return;
        }
        actor.get().authenticate();
        request.setAttribute(AUTHENTICATED_BY, "ticket");
        chain.doFilter(request, response);
    }
}
