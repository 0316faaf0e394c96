package dev.marketplace.shared.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Gives small responses a {@code Content-Length}, so Tomcat's compression honours
 * {@code server.compression.min-response-size}: JSON is written as a stream of unknown length, which
 * Tomcat would otherwise gzip however short it is. The first {@code min-response-size} bytes are held
 * back; a body that ends within them is sent with its length (uncompressed), a longer one streams on
 * as before (compressed when the client accepts it). Memory per request is bounded by that size.
 * Applies to the API ({@code /api}, {@code /api/v…}).
 */
@Component
@Order(FilterOrder.SMALL_RESPONSE_LENGTH)
class SmallResponseLengthFilter extends RequestFilter {

    private final int threshold;
    private final boolean enabled;

    SmallResponseLengthFilter(ServerProperties server) {
        this.enabled = server.getCompression().getEnabled();
        this.threshold =
                (int) Math.min(server.getCompression().getMinResponseSize().toBytes(), 64 * 1024);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // API responses only: docs pages are forwarded to, and a forward closes the real response itself.
        String uri = request.getRequestURI();
        return !enabled || "HEAD".equals(request.getMethod()) || !(uri.startsWith("/api/v") || uri.equals("/api"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HoldBackResponse holding = new HoldBackResponse(response, threshold);
        chain.doFilter(request, holding);
        if (request.isAsyncStarted()) {
            holding.release();
            return;
        }
        holding.finish();
    }

    private static final class HoldBackResponse extends HttpServletResponseWrapper {
        private final HoldBackStream stream;
        private PrintWriter writer;

        HoldBackResponse(HttpServletResponse response, int threshold) {
            super(response);
            this.stream = new HoldBackStream(response, threshold);
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return stream;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                writer =
                        new PrintWriter(new OutputStreamWriter(stream, Charset.forName(getCharacterEncoding())), false);
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            if (writer != null) {
                writer.flush();
            }
            if (stream.released) {
                super.flushBuffer();
            }
        }

        @Override
        public void resetBuffer() {
            stream.held.reset();
            super.resetBuffer();
        }

        @Override
        public void reset() {
            stream.held.reset();
            super.reset();
        }

        void release() throws IOException {
            if (writer != null) {
                writer.flush();
            }
            stream.release();
        }

        /** The body ended: a short one gets its exact length, then everything held back goes out. */
        void finish() throws IOException {
            if (writer != null) {
                writer.flush();
            }
            if (!stream.released && stream.held.size() > 0 && !isCommitted()) {
                setContentLength(stream.held.size());
            }
            stream.release();
        }
    }

    private static final class HoldBackStream extends ServletOutputStream {
        private final HttpServletResponse response;
        private final int threshold;
        final ByteArrayOutputStream held = new ByteArrayOutputStream();
        boolean released;

        HoldBackStream(HttpServletResponse response, int threshold) {
            this.response = response;
            this.threshold = threshold;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (released) {
                response.getOutputStream().write(bytes, offset, length);
                return;
            }
            held.write(bytes, offset, length);
            if (held.size() >= threshold) {
                release();
            }
        }

        /** Held-back flushes would commit the response before its length is known. */
        @Override
        public void flush() throws IOException {
            if (released) {
                response.getOutputStream().flush();
            }
        }

        void release() throws IOException {
            if (!released) {
                released = true;
                if (held.size() > 0) {
                    response.getOutputStream().write(held.toByteArray());
                    held.reset();
                }
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException("non-blocking writes are not used here");
        }
    }
}
