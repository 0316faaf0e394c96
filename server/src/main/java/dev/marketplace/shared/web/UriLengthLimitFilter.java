package dev.marketplace.shared.web;

import dev.marketplace.shared.problem.ProblemMessages;
import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Refuses request URIs (path plus query, as sent) longer than {@code marketplace.http.max-uri-length} with
 * a {@code 414} problem, before anything parses them. Longer than the whole header limit and Tomcat
 * refuses the request itself ({@code 431}, {@link ProblemErrorReportValve}).
 */
@Component
@Order(FilterOrder.URI_LENGTH)
class UriLengthLimitFilter extends RequestFilter {

    private final long limit;
    private final ProblemResponseWriter problems;

    UriLengthLimitFilter(HttpProperties properties, ProblemResponseWriter problems) {
        this.limit = properties.maxUriLength().toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        long length = request.getRequestURI().length() + (query == null ? 0 : query.length() + 1L);
        if (length > limit) {
            problems.write(
                    request,
                    response,
                    ProblemType.URI_TOO_LONG,
                    ProblemMessages.detail("uri_too_long_limit", String.valueOf(limit)));
            return;
        }
        chain.doFilter(request, response);
    }
}
