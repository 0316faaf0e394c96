package dev.marketplace.shared.ratelimit;

import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.web.RequestFilter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Limits requests per token subject, or per client IP when anonymous, and more strictly on sign-in,
 * sign-up, password reset and the contact form (anonymous forms that cost work or mail). Runs in the security chain right after bearer authentication, so it knows the caller. Every
 * limited response says where the caller stands ({@code RateLimit}, {@code RateLimit-Policy}); a rejected
 * one is a {@code 429} problem with {@code Retry-After}. If the shared store (Redis) fails, requests are
 * let through rather than the whole API going down.
 *
 * <p>The client IP is {@link HttpServletRequest#getRemoteAddr()}: the socket peer, or — only on a connection from a
 * configured trusted proxy ({@code marketplace.trusted-proxies}) — the client that proxy names in
 * {@code X-Forwarded-For} (Tomcat's RemoteIpValve sets it before any filter runs). A client cannot pick its own
 * bucket by sending the header itself.
 */
public class RateLimitFilter extends RequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RateLimiter limiter;
    private final RateLimitProperties properties;
    private final ProblemResponseWriter problems;
    private final MeterRegistry meters;
    private final AtomicLong lastUnavailableWarning = new AtomicLong();

    RateLimitFilter(
            RateLimiter limiter, RateLimitProperties properties, ProblemResponseWriter problems, MeterRegistry meters) {
        this.limiter = limiter;
        this.properties = properties;
        this.problems = problems;
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !properties.enabled() || request.getRequestURI().startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String policy;
        String key;
        RateLimitProperties.Limit limit;
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (isSignInOrSignUp(request)) {
            policy = "auth";
            key = "auth:" + clientIp(request);
            limit = properties.auth();
        } else if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
            policy = "user";
            key = "sub:" + auth.getName();
            limit = properties.authenticated();
        } else {
            policy = "anonymous";
            key = "ip:" + clientIp(request);
            limit = properties.anonymous();
        }
        RateLimiter.Decision decision;
        try {
            decision = limiter.tryConsume(key, limit);
        } catch (RuntimeException e) {
            warnUnavailable(e);
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(
                "RateLimit-Policy",
                "\"" + policy + "\";q=" + limit.requests() + ";w="
                        + limit.window().toSeconds());
        response.setHeader(
                "RateLimit", "\"" + policy + "\";r=" + decision.remaining() + ";t=" + decision.resetSeconds());
        if (!decision.allowed()) {
            meters.counter("marketplace.rate_limit.rejections", "policy", policy)
                    .increment();
            response.setHeader("Retry-After", String.valueOf(decision.resetSeconds()));
            problems.write(
                    request,
                    response,
                    ProblemType.TOO_MANY_REQUESTS,
                    "Rate limit \"" + policy + "\" of " + limit.requests() + " requests per "
                            + limit.window().toSeconds() + " s exceeded; retry after " + decision.resetSeconds()
                            + " s.");
            return;
        }
        chain.doFilter(request, response);
    }

    /** The caller's IP address as resolved by the forwarded-headers support (see the class comment). */
    static String clientIp(HttpServletRequest request) {
        return request.getRemoteAddr();
    }

    private static boolean isSignInOrSignUp(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return "POST".equals(request.getMethod())
                && (uri.equals("/api/v2/auth/token")
                        || uri.equals("/api/v2/auth/session")
                        || uri.equals("/api/v2/users")
                        || uri.startsWith("/api/v2/auth/password-reset")
                        || uri.equals("/api/v2/contact"));
    }

    /** One warning per 10 s while the store is down, not one per request (an outage must not flood the log). */
    private void warnUnavailable(RuntimeException e) {
        long now = System.nanoTime();
        long last = lastUnavailableWarning.get();
        if ((last == 0 || now - last >= WARN_EVERY_NANOS) && lastUnavailableWarning.compareAndSet(last, now)) {
            log.warn("Rate limit store unavailable, letting requests through: {}", e.toString());
        }
    }
}
