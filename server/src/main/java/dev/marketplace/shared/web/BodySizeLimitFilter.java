package dev.marketplace.shared.web;

import dev.marketplace.shared.problem.PayloadTooLargeException;
import dev.marketplace.shared.problem.ProblemMessages;
import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Bounds request bodies: a declared {@code Content-Length} over the limit is refused before reading; a
 * chunked body is cut off when it passes the limit. Both answer {@code 413}. JSON and form bodies get
 * {@code marketplace.http.max-body-size}; {@code multipart/form-data} (image uploads) gets the multipart
 * request limit instead, which the container also enforces per part while parsing.
 */
@Component
@Order(FilterOrder.BODY_SIZE)
class BodySizeLimitFilter extends RequestFilter {

    private final long bodyLimit;
    private final long multipartLimit;
    private final ProblemResponseWriter problems;

    BodySizeLimitFilter(
            HttpProperties properties,
            ObjectProvider<MultipartConfigElement> multipart,
            ProblemResponseWriter problems) {
        this.bodyLimit = properties.maxBodySize().toBytes();
        MultipartConfigElement config = multipart.getIfAvailable();
        this.multipartLimit = config == null || config.getMaxRequestSize() < 0 ? bodyLimit : config.getMaxRequestSize();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        boolean multipart = contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
        long limit = multipart ? multipartLimit : bodyLimit;
        if (request.getContentLengthLong() > limit) {
            response.setHeader("Connection", "close");
            problems.write(
                    request,
                    response,
                    ProblemType.PAYLOAD_TOO_LARGE,
                    ProblemMessages.detail("payload_too_large_limit", String.valueOf(limit)));
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private final long limit;
        private long count;

        LimitedInputStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
