package dev.marketplace.shared.security;

import jakarta.servlet.http.HttpServletRequest;

/** How a WebSocket handshake was authenticated, as recorded by the filter chain. */
public final class WebSocketAuthentication {

    private WebSocketAuthentication() {}

    /** True when only the session cookie authenticated it (no ticket, no Authorization header, no API key). */
    public static boolean byCookie(HttpServletRequest request) {
        return request.getAttribute(WebSocketTicketFilter.AUTHENTICATED_BY) == null
                && request.getHeader(ApiKeyAuthenticationFilter.HEADER) == null;
    }
}
