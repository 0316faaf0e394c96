package dev.marketplace.shared.context;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The W3C trace id of the work at hand, for places that must show it outside the logs (problem bodies,
 * the {@code traceresponse} header). Logs get it on their own: every line logged inside a traced scope
 * carries {@code trace.id} and {@code span.id}.
 */
public final class TraceIds {

    private TraceIds() {}

    /** The trace id of the span current on this thread, if there is one. */
    public static Optional<String> current() {
        SpanContext context = io.opentelemetry.api.trace.Span.current().getSpanContext();
        return context.isValid() ? Optional.of(context.getTraceId()) : Optional.empty();
    }

    /**
     * The trace id of this request: the one the HTTP server observation recorded on it, else the current
     * span's. The request's own comes first because an error dispatch runs after that span closed, and the
     * spans opened there (e.g. by the security filter chain) start a trace of their own.
     */
    public static Optional<String> of(HttpServletRequest request) {
        return ServerHttpObservationFilter.findObservationContext(request)
                .map(context -> context.<TracingContext>get(TracingContext.class))
                .map(TracingContext::getSpan)
                .map(Span::context)
                .map(io.micrometer.tracing.TraceContext::traceId)
                .filter(id -> !id.isEmpty() && !id.chars().allMatch(c -> c == '0'))
                .or(TraceIds::current);
    }
}
