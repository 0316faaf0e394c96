package dev.marketplace.shared.web;

import dev.marketplace.shared.problem.ProblemFactory;
import dev.marketplace.shared.problem.ProblemMessages;
import dev.marketplace.shared.problem.ProblemType;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.res.StringManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own error page, as a problem. Requests Tomcat refuses before any filter or servlet runs (the
 * request line plus headers over {@code server.max-http-request-header-size}) would otherwise get Tomcat's
 * HTML page; this answers {@code 431 headers_too_large} (or the generic problem of the status) as
 * {@code application/problem+json} with a request id, in English (the request was never parsed).
 * Errors the application handles itself never reach it: it only writes when nothing was written.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Tomcat's message when the request line plus headers do not fit its header buffer. */
    private static final String HEADER_TOO_LARGE =
            StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error");

    private final long headerLimit;

    public ProblemErrorReportValve() {
        this(8192);
    }

    public ProblemErrorReportValve(long headerLimit) {
        this.headerLimit = headerLimit;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        boolean headersTooLarge = throwable != null && HEADER_TOO_LARGE.equals(throwable.getMessage());
        ProblemType type = headersTooLarge ? ProblemType.HEADERS_TOO_LARGE : ProblemType.forStatus(status);
        var detail = headersTooLarge
                ? ProblemMessages.detail("headers_too_large_limit", String.valueOf(headerLimit))
                : ProblemMessages.standard(type);
        String requestId = UUID.randomUUID().toString();
        var problem = ProblemFactory.problem(
                type, detail, request.getDecodedRequestURI(), requestId, List.of(), ProblemMessages.ENGLISH);
        try {
            response.setStatus(type.status().value());
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader("Content-Language", "en");
            response.setHeader(RequestIdFilter.HEADER, requestId);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response is committed: nothing more to say
        }
    }
}
