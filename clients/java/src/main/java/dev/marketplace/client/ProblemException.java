package dev.marketplace.client;

import dev.marketplace.client.model.Problem;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An error response (4xx/5xx) from the Marketplace API, with its RFC 9457 body parsed into the
 * generated {@link Problem} model.
 *
 * <p>Clients built by {@link MarketplaceClient} throw this instead of Spring's
 * {@code HttpClientErrorException}/{@code HttpServerErrorException}. It extends
 * {@link RestClientResponseException}, so code that catches that (as the generated {@code ItemsApi}
 * documents) keeps working; status, headers and the raw body stay available.
 *
 * <p>{@link #getProblem()} is empty only if the body was not a parsable problem (e.g. an error from a
 * proxy in front of the API); {@link #getCode()} is then empty too.
 */
public class ProblemException extends RestClientResponseException {

    private static final long serialVersionUID = 1L;

    private final transient @Nullable Problem problem;

    public ProblemException(
            HttpStatusCode status,
            String statusText,
            @Nullable HttpHeaders headers,
            byte @Nullable [] body,
            @Nullable Charset charset,
            @Nullable Problem problem) {
        super(message(status, statusText, problem), status, statusText, headers, body, charset);
        this.problem = problem;
    }

    /**
     * Builds the exception from an error response's parts, parsing the body into a {@link Problem}
     * when it is JSON ({@code application/problem+json} or {@code application/json}).
     */
    public static ProblemException of(
            HttpStatusCode status, String statusText, HttpHeaders headers, byte @Nullable [] body, JsonMapper mapper) {
        MediaType contentType = headers.getContentType();
        Charset charset = contentType != null && contentType.getCharset() != null
                ? contentType.getCharset()
                : StandardCharsets.UTF_8;
        return new ProblemException(
                status, statusText, headers, body, charset, parseProblem(contentType, body, mapper));
    }

    /**
     * Converts any {@link RestClientResponseException} (e.g. one thrown by an {@code ApiClient} that was
     * not built by {@link MarketplaceClient}) into a {@code ProblemException}.
     */
    public static ProblemException from(RestClientResponseException e, JsonMapper mapper) {
        if (e instanceof ProblemException pe) {
            return pe;
        }
        HttpHeaders headers = e.getResponseHeaders() != null ? e.getResponseHeaders() : new HttpHeaders();
        ProblemException converted =
                of(e.getStatusCode(), e.getStatusText(), headers, e.getResponseBodyAsByteArray(), mapper);
        converted.initCause(e);
        return converted;
    }

    private static @Nullable Problem parseProblem(
            @Nullable MediaType contentType, byte @Nullable [] body, JsonMapper mapper) {
        if (body == null || body.length == 0) {
            return null;
        }
        boolean json = contentType == null
                || MediaType.APPLICATION_JSON.isCompatibleWith(contentType)
                || MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(contentType)
                || (contentType.getSubtype().endsWith("+json"));
        if (!json) {
            return null;
        }
        try {
            return mapper.readValue(body, Problem.class);
        } catch (JacksonException notAProblem) {
            return null;
        }
    }

    private static String message(HttpStatusCode status, String statusText, @Nullable Problem problem) {
        StringBuilder sb = new StringBuilder().append(status.value());
        if (statusText != null && !statusText.isEmpty()) {
            sb.append(' ').append(statusText);
        }
        if (problem != null) {
            if (problem.getCode() != null) {
                sb.append(" [").append(problem.getCode()).append(']');
            }
            if (problem.getDetail() != null) {
                sb.append(": ").append(problem.getDetail());
            } else if (problem.getTitle() != null) {
                sb.append(": ").append(problem.getTitle());
            }
            if (problem.getRequestId() != null) {
                sb.append(" (request id ").append(problem.getRequestId()).append(')');
            }
        }
        return sb.toString();
    }

    /** The parsed problem body, if the response carried one. */
    public Optional<Problem> getProblem() {
        return Optional.ofNullable(problem);
    }

    /** The problem's machine-readable {@code code} (e.g. {@code item_not_found}), if any. */
    public Optional<String> getCode() {
        return getProblem().map(Problem::getCode);
    }

    /** The request id to quote when reporting the problem: from the body, else the {@code X-Request-Id} header. */
    public Optional<String> getRequestId() {
        Optional<String> fromBody = getProblem().map(Problem::getRequestId);
        if (fromBody.isPresent()) {
            return fromBody;
        }
        HttpHeaders headers = getResponseHeaders();
        return Optional.ofNullable(headers != null ? headers.getFirst(MarketplaceClient.REQUEST_ID_HEADER) : null);
    }
}
