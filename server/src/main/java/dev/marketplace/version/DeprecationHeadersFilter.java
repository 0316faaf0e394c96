package dev.marketplace.version;

import dev.marketplace.shared.web.FilterOrder;
import dev.marketplace.shared.web.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Every response under {@code /api/v1/} — successes and every problem, including the ones filters write
 * (401, 403, 429) — says that v1 is deprecated: {@code Deprecation: @<unix seconds>} (RFC 9745),
 * {@code Sunset: <HTTP-date>} (RFC 8594) and {@code Link: </api/v2/…>; rel="successor-version"}. Set before
 * the chain runs, right after the request id, so nothing later can answer without them.
 */
@Component
@Order(FilterOrder.DEPRECATION_HEADERS)
class DeprecationHeadersFilter extends RequestFilter {

    static final String V1 = "/api/v1/";
    /** IMF-fixdate (RFC 9110 §5.6.7): two-digit day, always GMT. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final String deprecation;
    private final String sunset;

    DeprecationHeadersFilter(ApiVersionProperties properties) {
        this.deprecation = "@" + properties.deprecatedAt().getEpochSecond();
        this.sunset = HTTP_DATE.format(properties.sunsetAt().atOffset(ZoneOffset.UTC));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(V1);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Deprecation", deprecation);
        response.setHeader("Sunset", sunset);
        String successor = "/api/v2/" + request.getRequestURI().substring(V1.length());
        response.setHeader("Link", "<" + successor + ">; rel=\"successor-version\"");
        chain.doFilter(request, response);
    }
}
