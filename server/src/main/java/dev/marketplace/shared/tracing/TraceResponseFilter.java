package dev.marketplace.shared.tracing;

import dev.marketplace.shared.web.FilterOrder;
import dev.marketplace.shared.web.RequestFilter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tells the caller which trace its request joined: {@code traceresponse: 00-<trace-id>-<span-id>-<flags>}
 * (W3C Trace Context Level 2), with the trace id of the caller's {@code traceparent} when it sent one.
 *
 * <p>Runs inside Boot's HTTP server observation filter, which opens the server span, and before the access log, so
 * its line carries the trace too ({@link FilterOrder}).
 */
@Component
@Order(FilterOrder.TRACE_RESPONSE)
class TraceResponseFilter extends RequestFilter {

    static final String HEADER = "traceresponse";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            response.setHeader(
                    HEADER,
                    "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                            + span.getTraceFlags().asHex());
        }
        chain.doFilter(request, response);
    }
}
