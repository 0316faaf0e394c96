package dev.marketplace.shared.security;

import dev.marketplace.shared.web.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Puts the caller's subject id (never a token, key or cookie) into the logging context. */
class PrincipalMdcFilter extends RequestFilter {

    static final String KEY = "principal";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            chain.doFilter(request, response);
            return;
        }
        // Cleared with the rest of the MDC by RequestIdFilter, after the access log line is written.
        MDC.put(KEY, auth.getName());
        chain.doFilter(request, response);
    }
}
