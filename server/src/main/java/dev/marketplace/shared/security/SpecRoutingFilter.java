package dev.marketplace.shared.security;

import dev.marketplace.shared.problem.ProblemMessages;
import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.web.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * Fail closed: a request reaches authentication and authorization only on a path the spec or
 * {@link InfrastructurePaths} knows. Any other path is a {@code 404} problem (the same for every caller, so
 * it tells nothing about what exists), and a known path with a method nobody declared is a {@code 405}
 * problem with {@code Allow}. {@code OPTIONS} passes on known paths (MVC answers with {@code Allow}).
 */
final class SpecRoutingFilter extends RequestFilter {

    private final SpecRoutes routes;
    private final ProblemResponseWriter problems;

    SpecRoutingFilter(SpecRoutes routes, ProblemResponseWriter problems) {
        this.routes = routes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Every route that matches counts (as in MVC): PATCH /api/v2/items/export is PATCH /api/v2/items/{item_id}.
        // The resolution stays on the request: authorization reads it instead of matching the path again.
        SpecRoutes.Resolution resolution = routes.resolve(request);
        if (!resolution.known()) {
            problems.write(request, response, ProblemType.NOT_FOUND, ProblemMessages.detail("no_such_path"));
            return;
        }
        HttpMethod method = HttpMethod.valueOf(request.getMethod());
        Set<HttpMethod> allowed = resolution.allowed();
        if (!allowed.contains(method) && !HttpMethod.OPTIONS.equals(method)) {
            String allow = allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
            response.setHeader(HttpHeaders.ALLOW, allow);
            problems.write(
                    request,
                    response,
                    ProblemType.METHOD_NOT_ALLOWED,
                    ProblemMessages.detail("method_not_allowed_here", request.getMethod(), allow));
            return;
        }
        chain.doFilter(request, response);
    }
}
