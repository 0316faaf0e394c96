package dev.marketplace.shared.idempotency;

import dev.marketplace.shared.problem.PayloadTooLargeException;
import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.spec.OpenApiDocument;
import dev.marketplace.shared.web.FilterOrder;
import dev.marketplace.shared.web.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on the operations that declare it in the spec ({@link IdempotentOperations}, read at
 * start-up; today {@code POST /api/v2/orders}). Runs after
 * the security filter chain, so only authorised requests claim keys, and keys are scoped to the caller.
 *
 * <ol>
 *   <li>The key is claimed ({@code in_progress}) in its own short transaction; a second request with the
 *       same key meanwhile gets {@code 409 idempotency_key_in_progress}.</li>
 *   <li>The request runs in a transaction opened here, which the business transaction joins; its status,
 *       {@code Content-Type}, {@code Location} and body are stored in that same transaction, so the change and
 *       the stored response commit together (two transactions per request in all). A refused request (4xx)
 *       whose change was rolled back stores its response in a transaction of its own. Stored responses — 2xx and
 *       4xx alike, as Stripe does — are replayed with {@code Idempotent-Replayed: true} for a retry with the same
 *       body; the same key with another body is {@code 422 idempotency_key_reused}. After a 5xx (or an
 *       exception, or a failed commit) the key is released so that the client can retry.</li>
 * </ol>
 *
 * A missing or malformed key is left to the operation's own validation ({@code 400}).
 */
@Component
@Order(FilterOrder.IDEMPOTENCY)
class IdempotencyFilter extends RequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private static final Pattern VALID_KEY = Pattern.compile("^[!-~]{1,255}$");
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyService keys;
    private final ProblemResponseWriter problems;
    private final PlatformTransactionManager transactions;
    private final IdempotentOperations operations = IdempotentOperations.fromClasspath(OpenApiDocument.RESOURCE);

    IdempotencyFilter(
            IdempotencyService keys, ProblemResponseWriter problems, PlatformTransactionManager transactions) {
        this.keys = keys;
        this.problems = problems;
        this.transactions = transactions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !operations.covers(request.getMethod(), request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        String principal = principal();
        if (key == null || !VALID_KEY.matcher(key).matches() || principal == null) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (PayloadTooLargeException e) {
            response.setHeader("Connection", "close");
            problems.write(
                    request, response, ProblemType.PAYLOAD_TOO_LARGE, "The request body exceeds the size limit.");
            return;
        }
        IdempotencyService.Decision decision =
                keys.begin(principal, key, RequestHash.of(request.getMethod(), request.getRequestURI(), body));
        switch (decision) {
            case IdempotencyService.Replay replay -> replay(response, replay);
            case IdempotencyService.InProgress ignored ->
                problems.write(
                        request,
                        response,
                        ProblemType.IDEMPOTENCY_KEY_IN_PROGRESS,
                        "A request with this Idempotency-Key is still being processed; retry in a moment.");
            case IdempotencyService.Mismatch ignored ->
                problems.write(
                        request,
                        response,
                        ProblemType.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was used with a different request body; use a new key for a new order.");
            case IdempotencyService.Proceed ignored ->
                proceed(new CachedBodyRequest(request, body), response, chain, principal, key);
        }
    }

    private void proceed(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain, String principal, String key)
            throws ServletException, IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        TransactionStatus transaction = transactions.getTransaction(TransactionDefinition.withDefaults());
        try {
            chain.doFilter(request, captured);
        } catch (IOException | ServletException | RuntimeException e) {
            rollback(transaction);
            keys.release(principal, key);
            throw e;
        }
        int status = captured.getStatus();
        if (status < 500 && !transaction.isRollbackOnly()) {
            try {
                keys.completeWithRequest(
                        principal,
                        key,
                        status,
                        captured.getContentType(),
                        captured.getHeader(HttpHeaders.LOCATION),
                        new String(captured.getContentAsByteArray(), StandardCharsets.UTF_8));
                transactions.commit(transaction);
            } catch (RuntimeException e) {
                // Nothing of the request was committed: it did not happen, and the client may retry with the key.
                rollback(transaction);
                log.error(
                        "Could not commit an idempotent request: {}",
                        e.getClass().getSimpleName());
                keys.release(principal, key);
                response.reset();
                problems.write(
                        request,
                        response,
                        ProblemType.SERVICE_UNAVAILABLE,
                        "The request could not be completed; retry it with the same Idempotency-Key.");
                return;
            }
            captured.copyBodyToResponse();
            return;
        }
        // A server error, or a refused request whose change was rolled back (the business transaction marked it so).
        rollback(transaction);
        try {
            if (status >= 500) {
                keys.release(principal, key);
            } else {
                keys.complete(
                        principal,
                        key,
                        status,
                        captured.getContentType(),
                        captured.getHeader(HttpHeaders.LOCATION),
                        new String(captured.getContentAsByteArray(), StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            // The answer stands; the key stays in progress until a retry takes it over.
            log.error(
                    "Could not store the response of an idempotent request: {}",
                    e.getClass().getSimpleName());
        }
        captured.copyBodyToResponse();
    }

    private void rollback(TransactionStatus transaction) {
        if (!transaction.isCompleted()) {
            transactions.rollback(transaction);
        }
    }

    private static void replay(HttpServletResponse response, IdempotencyService.Replay replay) throws IOException {
        response.setStatus(replay.status());
        response.setHeader(REPLAYED, "true");
        if (replay.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, replay.location());
        }
        if (replay.contentType() != null) {
            response.setContentType(replay.contentType());
        }
        if (replay.body() != null && !replay.body().isEmpty()) {
            byte[] bytes = replay.body().getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    private static String principal() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            return null;
        }
        return auth.getName();
    }

    /** The request with its body already read (to hash it), readable again by MVC. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
