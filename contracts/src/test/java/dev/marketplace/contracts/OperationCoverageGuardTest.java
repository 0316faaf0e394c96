package dev.marketplace.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every operation of api-spec/openapi.yaml must be exercised by at least one contract: a contract whose request
 * method and path (url or urlPath, query string ignored) hit that operation's method and path template. A template
 * such as {@code /api/v2/users/{user_id}} matches any one concrete segment without {@code /}; when a concrete path
 * fits several templates, the one with the most literal segments wins (as in OpenAPI: {@code /api/v2/users/me} is
 * {@code getMe}, not {@code getUser}).
 *
 * <p>Fails listing the operationIds that no contract exercises. A contract that hits no documented operation (e.g.
 * a 404/405 case on an unknown path) is allowed and simply covers nothing.
 */
class OperationCoverageGuardTest {

    private static final Path CONTRACTS = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("src/test/resources/contracts");
    /** The spec as packaged by the api-spec module (same resource {@link SpecValidationFilter} validates against). */
    private static final String SPEC_RESOURCE = "openapi/openapi.yaml";

    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** One operation of the spec. */
    record Operation(String operationId, String method, String pathTemplate, Pattern pattern, int literalSegments) {

        static Operation of(String operationId, String method, String template) {
            Pattern pattern = Pattern.compile(Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q"));
            int literals = (int) Stream.of(template.split("/"))
                    .filter(s -> !s.isEmpty() && !s.contains("{"))
                    .count();
            return new Operation(operationId, method.toUpperCase(Locale.ROOT), template, pattern, literals);
        }

        boolean matches(String method, String path) {
            return this.method.equals(method) && pattern.matcher(path).matches();
        }
    }

    /** The request of one contract document. */
    record ContractRequest(String source, String method, String path) {}

    @Test
    void everyOperationInTheSpecHasAContract() throws IOException {
        List<Operation> operations = specOperations();
        List<ContractRequest> requests = contractRequests();
        assertThat(operations).as("operations in %s", SPEC_RESOURCE).isNotEmpty();
        assertThat(requests).as("contract requests in %s", CONTRACTS).isNotEmpty();

        Map<String, List<String>> coveredBy = new TreeMap<>();
        for (ContractRequest request : requests) {
            operationFor(operations, request.method(), request.path())
                    .ifPresent(op -> coveredBy
                            .computeIfAbsent(op.operationId(), k -> new ArrayList<>())
                            .add(request.source()));
        }
        List<String> uncovered = operations.stream()
                .filter(op -> !coveredBy.containsKey(op.operationId()))
                .map(op -> op.operationId() + " (" + op.method() + " " + op.pathTemplate() + ")")
                .toList();
        assertThat(uncovered)
                .as(
                        "operations of %s that no contract under %s exercises (add a contract for each)",
                        SPEC_RESOURCE, CONTRACTS)
                .isEmpty();
    }

    @Test
    void aConcretePathPrefersTheMostLiteralTemplate() {
        List<Operation> operations = List.of(
                Operation.of("getUser", "get", "/api/v2/users/{user_id}"),
                Operation.of("getMe", "get", "/api/v2/users/me"),
                Operation.of("changeUserRole", "put", "/api/v2/users/{user_id}/role"));
        assertThat(operationFor(operations, "GET", "/api/v2/users/me"))
                .map(Operation::operationId)
                .contains("getMe");
        assertThat(operationFor(operations, "GET", "/api/v2/users/ad000000-0000-4000-8000-000000000004"))
                .map(Operation::operationId)
                .contains("getUser");
        assertThat(operationFor(operations, "PUT", "/api/v2/users/x/role"))
                .map(Operation::operationId)
                .contains("changeUserRole");
        assertThat(operationFor(operations, "GET", "/api/v2/users/x/role")).isEmpty();
        assertThat(operationFor(operations, "GET", "/api/v2/users/a/b")).isEmpty();
    }

    /** The documented operation a request hits: among those matching, the one with the most literal segments. */
    static Optional<Operation> operationFor(List<Operation> operations, String method, String path) {
        return operations.stream()
                .filter(op -> op.matches(method, path))
                .max(Comparator.comparingInt(Operation::literalSegments));
    }

    @SuppressWarnings("unchecked")
    private static List<Operation> specOperations() throws IOException {
        try (InputStream in = OperationCoverageGuardTest.class.getClassLoader().getResourceAsStream(SPEC_RESOURCE)) {
            assertThat(in)
                    .as("%s on the test classpath (dev.marketplace:api-spec)", SPEC_RESOURCE)
                    .isNotNull();
            Map<String, Object> spec = new Yaml(new LoaderOptions()).load(in);
            Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
            assertThat(paths).as("paths in %s", SPEC_RESOURCE).isNotNull();
            List<Operation> operations = new ArrayList<>();
            for (Map.Entry<String, Object> path : paths.entrySet()) {
                for (Map.Entry<String, Object> entry : ((Map<String, Object>) path.getValue()).entrySet()) {
                    if (!HTTP_METHODS.contains(entry.getKey())) {
                        continue; // parameters, summary, servers, ...
                    }
                    Object id = ((Map<String, Object>) entry.getValue()).get("operationId");
                    String operationId =
                            id != null ? id.toString() : entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                    operations.add(Operation.of(operationId, entry.getKey(), path.getKey()));
                }
            }
            return operations;
        }
    }

    /** Method and path of every contract document; fails on a document whose request cannot be read. */
    @SuppressWarnings("unchecked")
    private static List<ContractRequest> contractRequests() throws IOException {
        List<ContractRequest> requests = new ArrayList<>();
        Yaml yaml = new Yaml(new LoaderOptions());
        try (Stream<Path> files = Files.walk(CONTRACTS)) {
            for (Path file : files.filter(
                            p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList()) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    int index = 0;
                    for (Object document : yaml.loadAll(reader)) {
                        index++;
                        if (document == null) {
                            continue; // empty document (e.g. a trailing ---)
                        }
                        String source = CONTRACTS.relativize(file) + "#" + index;
                        Map<String, Object> contract =
                                document instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                        Object name = contract.get("name");
                        if (name != null) {
                            source = CONTRACTS.relativize(file) + " (" + name + ")";
                        }
                        Map<String, Object> request = contract.get("request") instanceof Map<?, ?> r
                                ? (Map<String, Object>) r
                                : new LinkedHashMap<>();
                        Object method = request.get("method");
                        Object url = request.get("url") != null ? request.get("url") : request.get("urlPath");
                        assertThat(method).as("request.method of %s", source).isInstanceOf(String.class);
                        assertThat(url)
                                .as("request.url or request.urlPath (a literal path) of %s", source)
                                .isInstanceOf(String.class);
                        String path = ((String) url).split("[?#]", 2)[0];
                        requests.add(new ContractRequest(source, ((String) method).toUpperCase(Locale.ROOT), path));
                    }
                }
            }
        }
        return requests;
    }
}
