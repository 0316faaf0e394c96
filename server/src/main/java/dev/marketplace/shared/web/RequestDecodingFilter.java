package dev.marketplace.shared.web;

import dev.marketplace.shared.problem.MalformedParameters;
import dev.marketplace.shared.problem.ProblemMessages;
import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Request data the servlet container refuses to decode must not become a {@code 500}.
 *
 * <p>{@code Accept-Language} with more languages than Tomcat parses ({@code maxLocaleCount}, 10) makes
 * {@code getLocale()} throw wherever it is first called (Spring's locale context, problem negotiation): such a
 * preference list is ignored (RFC 9110 lets a server do so) and the request is served in the default language.
 *
 * <p>Since Servlet 6.1, {@code getParameter*()} throws when the query string or form body is not valid URL
 * encoding ({@code a=%zz}, {@code ====}). Whichever filter asks first (the API key filter, the security
 * chain, ...) would turn that into a {@code 500}; this filter, outside all of them, answers a {@code 400}
 * problem that names what is broken instead ({@code 413} when the container's form size limit was hit).
 * Parameters asked for inside MVC are answered the same way by the exception handler.
 */
@Component
@Order(FilterOrder.REQUEST_DECODING)
class RequestDecodingFilter extends RequestFilter {

    private final ProblemResponseWriter problems;

    RequestDecodingFilter(ProblemResponseWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            request.getLocales();
        } catch (IllegalArgumentException tooManyLanguages) {
            request = new DefaultLocaleRequest(request);
        }
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException e) {
            InvalidParameterException invalid = invalidParameters(e);
            if (invalid == null || response.isCommitted()) {
                throw e;
            }
            response.resetBuffer();
            if (invalid.getErrorCode() == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE) {
                problems.write(
                        request, response, ProblemType.PAYLOAD_TOO_LARGE, ProblemMessages.detail("payload_too_large"));
            } else {
                problems.write(request, response, ProblemType.MALFORMED_REQUEST, MalformedParameters.detail(request));
            }
        }
    }

    /** The request with its Accept-Language ignored. */
    private static final class DefaultLocaleRequest extends jakarta.servlet.http.HttpServletRequestWrapper {
        DefaultLocaleRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public java.util.Locale getLocale() {
            return java.util.Locale.ENGLISH;
        }

        @Override
        public java.util.Enumeration<java.util.Locale> getLocales() {
            return java.util.Collections.enumeration(java.util.List.of(java.util.Locale.ENGLISH));
        }

        @Override
        public String getHeader(String name) {
            return "Accept-Language".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            return "Accept-Language".equalsIgnoreCase(name)
                    ? java.util.Collections.emptyEnumeration()
                    : super.getHeaders(name);
        }
    }

    private static InvalidParameterException invalidParameters(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidParameterException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
