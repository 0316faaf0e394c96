package dev.marketplace.shared.web;

import dev.marketplace.shared.context.RequestIds;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.FilterRegistration;
import org.springframework.stereotype.Component;

/**
 * First of this application's filters ({@link FilterOrder}): gives every request an id (the client's {@code X-Request-Id} when it is
 * valid, else a new UUID), echoes it on the response and puts it in the logging context.
 */
@Component
@FilterRegistration(
        order = FilterOrder.REQUEST_ID,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class RequestIdFilter extends RequestFilter {

    public static final String HEADER = RequestIds.HEADER;

    /** The id of the current request (generated on the spot if the filter did not run). */
    public static String requestId(HttpServletRequest request) {
        return RequestIds.of(request);
    }

    @Override
    protected boolean filterErrorDispatch() {
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = RequestIds.assign(request);
        response.setHeader(HEADER, id);
        MDC.put("request_id", id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.clear(); // first of our filters: nothing a request put in the logging context outlives it
        }
    }
}
