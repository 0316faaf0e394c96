package dev.marketplace.shared.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Base of this application's filters: runs {@link #doFilterInternal} once per request, on the request's own dispatch
 * (and on the error dispatch when {@link #filterErrorDispatch()} says so), never on async, forward or include
 * dispatches. The same semantics as Spring's {@code OncePerRequestFilter} with its defaults, decided from the
 * dispatcher type instead of setting, reading and removing an "already filtered" request attribute per filter per
 * request (issue 11: Tomcat's attribute map was 3% of a GET's CPU over the pipeline's filters).
 *
 * <p>Spring Boot registers a filter that is not a {@code OncePerRequestFilter} for the {@code REQUEST} dispatch only;
 * a filter that must also see the error dispatch says so in its {@code @FilterRegistration}. Inside Spring Security's
 * chain, which runs on every dispatch, the check here keeps the same once-per-request behaviour.
 */
public abstract class RequestFilter implements Filter {

    @Override
    public final void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException(getClass().getSimpleName() + " handles HTTP requests only");
        }
        DispatcherType type = request.getDispatcherType();
        boolean ownDispatch = type == DispatcherType.REQUEST || (type == DispatcherType.ERROR && filterErrorDispatch());
        if (ownDispatch && !shouldNotFilter(request)) {
            doFilterInternal(request, response, chain);
        } else {
            chain.doFilter(request, response);
        }
    }

    /** Whether this request passes by untouched (its own dispatch included). */
    protected boolean shouldNotFilter(HttpServletRequest request) throws ServletException {
        return false;
    }

    /** Whether the error dispatch (Tomcat's error page after {@code sendError} or an exception) is filtered too. */
    protected boolean filterErrorDispatch() {
        return false;
    }

    protected abstract void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException;
}
