package dev.marketplace.testsupport;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a recorded HTTP response against the spec (status documented, headers: required ones present and
 * declared ones matching their schema, content type and body schema). Used by every integration and contract test, so a response that drifts from the spec fails.
 *
 * <p>Requests are not validated: tests send invalid requests on purpose. A request to a path or method
 * the spec does not know (404/405 tests) must still answer with a well-formed problem.
 */
public final class SpecValidator {

    private static final SpecValidator SHARED = new SpecValidator(load("openapi/openapi.yaml"));
    private static final Pattern PROBLEM_REQUIRED = Pattern.compile(
            "(?s)^\\{.*\"type\"\\s*:\\s*\"https://api\\.marketplace\\.example/problems/[a-z-]+\".*\"code\"\\s*:\\s*\"[a-z_]+\".*\\}$");

    /** Paths that are deliberately not part of the API contract (docs, their assets, operations endpoints). */
    private static final List<String> OUTSIDE_THE_API = List.of(
            "/api/openapi.yaml",
            "/api/asyncapi.yaml",
            "/api/docs",
            "/api/redoc",
            "/api-docs/",
            "/webjars/",
            "/actuator/",
            "/static/");
    /** The landing page (exactly {@code /}, not a prefix). */
    private static final String LANDING_PAGE = "/";

    private final OpenApiInteractionValidator validator;

    private SpecValidator(String spec) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }

    public static SpecValidator shared() {
        return SHARED;
    }

    /**
     * @param pathAndQuery the request target, e.g. {@code /api/v2/items?limit=5}
     * @param contentType  the response's Content-Type, or null when it has none
     * @param body         the response body, or null/empty when it has none
     */
    public void assertValid(String method, String pathAndQuery, int status, String contentType, String body) {
        assertValid(method, pathAndQuery, status, contentType, body, null);
    }

    /**
     * As {@link #assertValid(String, String, int, String, String)}, and the response headers too: every header the
     * spec declares for that response as {@code required} must be present, and every declared header that is present
     * must match its schema (headers the spec does not declare are not checked).
     *
     * @param headers the response headers as received (names in any case); null checks no headers
     */
    public void assertValid(
            String method,
            String pathAndQuery,
            int status,
            String contentType,
            String body,
            Map<String, List<String>> headers) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (name != null && !name.startsWith(":") && !name.equalsIgnoreCase("Content-Type")) {
                    response.withHeader(name, values);
                }
            });
        }
        if (contentType != null) {
            response.withContentType(contentType);
        }
        if (body != null && !body.isEmpty()) {
            response.withBody(body);
        }
        ValidationReport report = validator.validateResponse(
                path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), response.build());
        List<ValidationReport.Message> errors = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> headers != null || !m.getKey().startsWith("validation.response.header."))
                .toList();
        boolean unknownToSpec = errors.stream()
                .anyMatch(m -> m.getKey().endsWith("path.missing") || m.getKey().endsWith("operation.notAllowed"));
        if (unknownToSpec && status >= 400) {
            assertProblem(method, pathAndQuery, status, contentType, body);
            return;
        }
        if (unknownToSpec
                && !path.equals(LANDING_PAGE)
                && OUTSIDE_THE_API.stream().noneMatch(path::startsWith)) {
            throw new AssertionError("Response to " + method + " " + pathAndQuery + " (" + status
                    + ") succeeded on an operation the spec does not document");
        }
        if (unknownToSpec) {
            return;
        }
        if (!errors.isEmpty()) {
            throw new AssertionError(
                    "Response to " + method + " " + pathAndQuery + " (" + status + ") violates the spec:\n"
                            + errors.stream()
                                    .map(m -> "  - [" + m.getKey() + "] " + m.getMessage())
                                    .collect(Collectors.joining("\n"))
                            + "\nbody: " + body);
        }
    }

    private static void assertProblem(String method, String path, int status, String contentType, String body) {
        if (contentType == null
                || !contentType.startsWith("application/problem+json")
                || body == null
                || !PROBLEM_REQUIRED.matcher(body.strip()).matches()
                || !body.contains("\"status\":" + status)
                || !body.contains("\"request_id\"")) {
            throw new AssertionError("Response to " + method + " " + path + " (" + status
                    + ") is not a problem+json with type, code, status and request_id: " + contentType + " " + body);
        }
    }

    private static String load(String resource) {
        try (InputStream in = SpecValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath (api-spec jar missing?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
