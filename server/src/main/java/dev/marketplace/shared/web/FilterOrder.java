package dev.marketplace.shared.web;

import org.springframework.core.Ordered;

/**
 * The request pipeline in one place: every servlet filter, in the order a request meets it, each at its own order
 * value. Spring Boot's own filters sit at fixed orders (listed here as comments); this application's filters are
 * placed between them with {@code @Order(FilterOrder.…)} and nowhere else. {@code FilterOrderIntegrationTest} reads
 * the filters the running server registers and fails on a tie, on a filter missing from this list, or on a filter out
 * of this order.
 *
 * <p>Filters inside Spring Security's chain (CORS, spec routing, API key, session cookie, WebSocket ticket, bearer
 * token, rate limit, principal in the logging context) are ordered in {@code SecurityConfig}, which runs as the one
 * entry {@link #SECURITY}.
 */
public final class FilterOrder {

    // Boot: CharacterEncodingFilter at Ordered.HIGHEST_PRECEDENCE (request and response charset).
    // Boot: ServerHttpObservationFilter at Ordered.HIGHEST_PRECEDENCE + 1 (the server span and http.server.requests).

    /** {@code X-Request-Id}: assigned, echoed, put in the logging context (also on error dispatches). */
    public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE + 2;

    /**
     * Small API bodies get a {@code Content-Length}, so Tomcat's compression honours its minimum size. No setting does
     * this: Spring's message converters flush the body, which commits it without a length, and Tomcat compresses a
     * body of unknown length whatever its size.
     */
    public static final int SMALL_RESPONSE_LENGTH = Ordered.HIGHEST_PRECEDENCE + 3;

    /** {@code traceparent} on the response. */
    public static final int TRACE_RESPONSE = Ordered.HIGHEST_PRECEDENCE + 4;

    /** One JSON access line per request, when it completes (also for async requests). */
    public static final int ACCESS_LOG = Ordered.HIGHEST_PRECEDENCE + 5;

    /** {@code Deprecation} / {@code Sunset} / {@code Link} on the deprecated v1 API. */
    public static final int DEPRECATION_HEADERS = Ordered.HIGHEST_PRECEDENCE + 6;

    /** Malformed percent-encoding and invalid UTF-8 in the URI become a 400 problem. */
    public static final int REQUEST_DECODING = Ordered.HIGHEST_PRECEDENCE + 7;

    /** Over-long URIs and query strings become a 414 problem. */
    public static final int URI_LENGTH = Ordered.HIGHEST_PRECEDENCE + 8;

    /** Request bodies over the limit become a 413 problem, before anything reads them. */
    public static final int BODY_SIZE = Ordered.HIGHEST_PRECEDENCE + 9;

    // Boot: FormContentFilter at -9900 (form bodies of PUT/PATCH/DELETE).
    // Boot: RequestContextFilter at -105 (request attributes for the thread).

    /** Spring Security's filter chain ({@code spring.security.filter.order}, Boot's default). */
    public static final int SECURITY = -100;

    /** {@code Idempotency-Key}: replay or record the response of an idempotent operation, after authentication. */
    public static final int IDEMPOTENCY = Ordered.LOWEST_PRECEDENCE - 100;

    private FilterOrder() {}
}
