package dev.marketplace.shared.idempotency;

import dev.marketplace.shared.spec.OpenApiDocument;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The operations that take an {@code Idempotency-Key}, read from the spec at start-up (as authorization is, see
 * {@code SpecSecurityRules}), so that what the spec promises and what {@link IdempotencyFilter} enforces cannot
 * drift: every operation declaring the {@code Idempotency-Key} header parameter, on the operation or on its path,
 * inline or as a {@code $ref} to {@code #/components/parameters/...}.
 */
final class IdempotentOperations {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** Literal paths by method (looked up exactly, as the request URI); templated ones are matched as patterns. */
    private final Map<String, Set<String>> literal;

    private final Map<String, List<PathPattern>> templated;
    private final Set<String> operations;

    private IdempotentOperations(Map<String, Set<String>> byMethod) {
        Map<String, Set<String>> literal = new HashMap<>();
        Map<String, List<PathPattern>> templated = new HashMap<>();
        Set<String> operations = new TreeSet<>();
        byMethod.forEach((method, paths) -> paths.forEach(path -> {
            operations.add(method + " " + path);
            if (path.contains("{")) {
                templated
                        .computeIfAbsent(method, m -> new ArrayList<>())
                        .add(PathPatternParser.defaultInstance.parse(path));
            } else {
                literal.computeIfAbsent(method, m -> new HashSet<>()).add(path);
            }
        }));
        literal.replaceAll((method, paths) -> Set.copyOf(paths));
        templated.replaceAll((method, patterns) -> List.copyOf(patterns));
        this.literal = Map.copyOf(literal);
        this.templated = Map.copyOf(templated);
        this.operations = java.util.Collections.unmodifiableSet(operations);
    }

    static IdempotentOperations fromClasspath(String resource) {
        return of(OpenApiDocument.fromClasspath(resource));
    }

    static IdempotentOperations parse(InputStream in) {
        return of(OpenApiDocument.parse(in));
    }

    @SuppressWarnings("unchecked")
    private static IdempotentOperations of(Map<String, Object> spec) {
        Map<String, Object> components = (Map<String, Object>) spec.getOrDefault("components", Map.of());
        Map<String, Object> shared = (Map<String, Object>) components.getOrDefault("parameters", Map.of());
        Map<String, Map<String, Object>> paths =
                (Map<String, Map<String, Object>>) spec.getOrDefault("paths", Map.of());
        Map<String, Set<String>> byMethod = new HashMap<>();
        paths.forEach((path, item) -> {
            boolean onPath = declaresKey(item.get("parameters"), shared);
            item.forEach((key, operation) -> {
                if (METHODS.contains(key)
                        && (onPath || declaresKey(((Map<String, Object>) operation).get("parameters"), shared))) {
                    byMethod.computeIfAbsent(key.toUpperCase(Locale.ROOT), m -> new TreeSet<>())
                            .add(path);
                }
            });
        });
        return new IdempotentOperations(byMethod);
    }

    @SuppressWarnings("unchecked")
    private static boolean declaresKey(Object parameters, Map<String, Object> shared) {
        if (!(parameters instanceof List<?> list)) {
            return false;
        }
        for (Object entry : list) {
            Map<String, Object> parameter = (Map<String, Object>) entry;
            if (parameter.get("$ref") instanceof String ref) {
                String name = ref.substring(ref.lastIndexOf('/') + 1);
                if (!ref.startsWith("#/components/parameters/") || !shared.containsKey(name)) {
                    throw new IllegalStateException("Cannot resolve parameter " + ref);
                }
                parameter = (Map<String, Object>) shared.get(name);
            }
            if ("header".equals(parameter.get("in"))
                    && IdempotencyFilter.HEADER.equalsIgnoreCase(String.valueOf(parameter.get("name")))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the operation answering this method and request path takes an {@code Idempotency-Key}. */
    boolean covers(String method, String path) {
        Set<String> paths = literal.get(method);
        if (paths != null && paths.contains(path)) {
            return true;
        }
        List<PathPattern> patterns = templated.get(method);
        if (patterns != null) {
            PathContainer container = PathContainer.parsePath(path);
            for (PathPattern pattern : patterns) {
                if (pattern.matches(container)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The operations as {@code METHOD /path/template}, sorted. */
    Set<String> operations() {
        return operations;
    }
}
