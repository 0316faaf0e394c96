package dev.marketplace.contracts;

import dev.marketplace.testsupport.SpecValidator;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * REST Assured filter that checks every recorded response against api-spec/openapi.yaml with the server's
 * {@link SpecValidator} (status, declared response headers, content type, body schema), plus the spec's rule that every response carries a
 * valid {@code X-Request-Id}. A violation throws {@link AssertionError}, which fails the contract test even when
 * the contract itself is satisfied.
 *
 * <p>SpecValidator lets any response to a path the spec does not document pass (it is meant to allow the
 * {@code not_found} / {@code method_not_allowed} problems for unknown paths). Contracts must only describe documented
 * operations, so this filter additionally rejects any non-404/405 response to an undocumented path.
 */
final class SpecValidationFilter implements OrderedFilter {

    static final SpecValidationFilter INSTANCE = new SpecValidationFilter();

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** The spec as packaged by the api-spec module (a dependency of the server). */
    private static final String SPEC_RESOURCE = "openapi/openapi.yaml";

    private static final List<Pattern> SPEC_PATHS = loadSpecPaths();

    private final AtomicInteger validated = new AtomicInteger();

    private SpecValidationFilter() {}

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification responseSpec, FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);

        URI uri = URI.create(request.getURI());
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String contentType = emptyToNull(response.getContentType());
        String body = emptyToNull(response.asString());
        String what = request.getMethod() + " " + pathAndQuery + " -> " + response.getStatusCode();

        int status = response.getStatusCode();
        if (status != 404
                && status != 405
                && SPEC_PATHS.stream()
                        .noneMatch(p -> p.matcher(uri.getRawPath()).matches())) {
            throw new AssertionError(what + ": path is not documented in " + SPEC_RESOURCE
                    + " (only 404/405 problems may answer undocumented paths)");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.getHeaders()
                .forEach(h -> headers.computeIfAbsent(h.getName(), n -> new ArrayList<>())
                        .add(h.getValue()));
        SpecValidator.shared()
                .assertValid(request.getMethod(), pathAndQuery, response.getStatusCode(), contentType, body, headers);

        String requestId = response.getHeader("X-Request-Id");
        if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
            throw new AssertionError(
                    what + ": every response must carry a valid X-Request-Id header, got " + requestId);
        }
        validated.incrementAndGet();
        return response;
    }

    /** Runs last, so it sees the response exactly as the test does. */
    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    void resetCount() {
        validated.set(0);
    }

    int validatedCount() {
        return validated.get();
    }

    /** {@code /api/v2/items/{item_id}} becomes the pattern {@code /api/v2/items/[^/]+}. */
    @SuppressWarnings("unchecked")
    private static List<Pattern> loadSpecPaths() {
        try (InputStream in = SpecValidationFilter.class.getClassLoader().getResourceAsStream(SPEC_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        SPEC_RESOURCE + " is not on the test classpath (dev.marketplace:api-spec)");
            }
            Map<String, Object> spec = new Yaml(new LoaderOptions()).load(in);
            return ((Map<String, Object>) spec.get("paths"))
                    .keySet().stream()
                            .map(t -> Pattern.compile(Pattern.quote(t).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q")))
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
