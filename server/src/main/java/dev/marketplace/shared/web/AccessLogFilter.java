package dev.marketplace.shared.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One access-log line per request: method, route template (never the raw URL, which can hold ids or
 * secrets), status, duration and response bytes, and the client's IP ({@code client.ip}). Runs after {@link RequestIdFilter} and inside the HTTP
 * server observation (Boot's filter at {@code HIGHEST_PRECEDENCE + 1}), so the line carries the request
 * id and the trace and span ids; and after {@link SmallResponseLengthFilter}, so the line is written
 * before a short response, sent with its length, is complete for the client.
 */
@Component
@Order(FilterOrder.ACCESS_LOG)
class AccessLogFilter extends RequestFilter {

    private static final Logger log = LoggerFactory.getLogger("dev.marketplace.access");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        CountingResponse counting = new CountingResponse(response);
        try {
            chain.doFilter(request, counting);
        } finally {
            if (log.isInfoEnabled()) {
                Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                // client.ip: the socket peer, or the client a trusted proxy names (server.tomcat.remoteip, README)
                log.atInfo()
                        .addKeyValue("client.ip", request.getRemoteAddr())
                        .log(
                                "{} {} {} {}ms {}B",
                                request.getMethod(),
                                route == null ? "UNMATCHED" : route,
                                counting.getStatus(),
                                (System.nanoTime() - start) / 1_000_000,
                                counting.bytes());
            }
        }
    }

    private static final class CountingResponse extends HttpServletResponseWrapper {
        private CountingStream stream;

        CountingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getOutputStream());
            }
            return stream;
        }

        long bytes() {
            return stream == null ? 0 : stream.count;
        }
    }

    private static final class CountingStream extends ServletOutputStream {
        private final ServletOutputStream delegate;
        private long count;

        CountingStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }
}
