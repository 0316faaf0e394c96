package dev.marketplace.shared.security;

import dev.marketplace.shared.problem.ProblemResponseWriter;
import dev.marketplace.shared.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * CORS for the allow-list only. A simple request from another origin is served without CORS headers
 * (the browser withholds the response from that page); a preflight from it is refused with a problem.
 */
class ProblemCorsProcessor extends DefaultCorsProcessor {

    private final ProblemResponseWriter problems;

    ProblemCorsProcessor(ProblemResponseWriter problems) {
        this.problems = problems;
    }

    @Override
    public boolean processRequest(CorsConfiguration config, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        boolean allowed = config != null && origin != null && config.checkOrigin(origin) != null;
        if (origin != null && !allowed) {
            if (!CorsUtils.isPreFlightRequest(request)) {
                return true;
            }
            problems.write(
                    request,
                    response,
                    ProblemType.FORBIDDEN,
                    "Cross-origin requests from " + origin + " are not allowed.");
            return false;
        }
        return super.processRequest(config, request, response);
    }
}
