package dev.marketplace.shared.security;

import dev.marketplace.shared.spec.OpenApiDocument;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpMethod;

/**
 * The authorization rules, read from the spec's {@code security} sections at start-up so that what the
 * spec promises and what the server enforces cannot drift. An operation is public when one of its
 * requirements is empty ({@code security: []} or {@code - {}}); otherwise the caller needs every scope of
 * at least one requirement.
 */
public final class SpecSecurityRules {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** One operation's rule. {@code requirements} empty = public. */
    public record Rule(String operationId, HttpMethod method, String path, List<Set<String>> requirements) {

        public boolean isPublic() {
            return requirements.isEmpty();
        }
    }

    /**
     * Rule precedence: segment by segment from the left, a literal segment before a templated one (literals
     * among themselves alphabetically); then fewer segments first; then by method. Two different rules never
     * compare equal, so the result is the same whatever order the spec lists its paths in.
     */
    static final Comparator<Rule> PRECEDENCE = (a, b) -> {
        int byPath = comparePaths(a.path(), b.path());
        return byPath != 0 ? byPath : a.method().name().compareTo(b.method().name());
    };

    static int comparePaths(String a, String b) {
        String[] left = a.split("/", -1);
        String[] right = b.split("/", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            boolean leftVariable = left[i].contains("{");
            boolean rightVariable = right[i].contains("{");
            if (leftVariable != rightVariable) {
                return leftVariable ? 1 : -1;
            }
            int byName = left[i].compareTo(right[i]);
            if (byName != 0 && !leftVariable) {
                return byName;
            }
        }
        if (left.length != right.length) {
            return Integer.compare(left.length, right.length);
        }
        return a.compareTo(b);
    }

    private final List<Rule> rules;
    private final List<String> declaredScopes;

    private SpecSecurityRules(List<Rule> rules, List<String> declaredScopes) {
        this.rules = rules;
        this.declaredScopes = declaredScopes;
    }

    public static SpecSecurityRules fromClasspath(String resource) {
        return of(OpenApiDocument.fromClasspath(resource));
    }

    static SpecSecurityRules parse(InputStream in) {
        return of(OpenApiDocument.parse(in));
    }

    @SuppressWarnings("unchecked")
    private static SpecSecurityRules of(Map<String, Object> spec) {
        List<Map<String, List<String>>> defaults =
                (List<Map<String, List<String>>>) spec.getOrDefault("security", List.of());
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
        List<Rule> rules = new ArrayList<>();
        paths.forEach((path, item) -> item.forEach((key, value) -> {
            if (!METHODS.contains(key)) {
                return;
            }
            Map<String, Object> operation = (Map<String, Object>) value;
            List<Map<String, List<String>>> security = operation.containsKey("security")
                    ? (List<Map<String, List<String>>>) operation.get("security")
                    : defaults;
            rules.add(new Rule(
                    (String) operation.get("operationId"),
                    HttpMethod.valueOf(key.toUpperCase(Locale.ROOT)),
                    path,
                    requirements(security)));
        }));
        // A total order that does not depend on the order of paths in the spec: literal segments win over
        // variables (/users/me before /users/{user_id}), as in MVC.
        rules.sort(PRECEDENCE);
        return new SpecSecurityRules(List.copyOf(rules), declaredScopes(spec));
    }

    private static List<Set<String>> requirements(List<Map<String, List<String>>> security) {
        List<Set<String>> requirements = new ArrayList<>();
        for (Map<String, List<String>> requirement : security) {
            if (requirement.isEmpty()) {
                return List.of();
            }
            Set<String> scopes = new java.util.TreeSet<>();
            requirement.values().forEach(scopes::addAll);
            requirements.add(Set.copyOf(scopes));
        }
        return List.copyOf(requirements);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Every path template of the spec, in {@link #PRECEDENCE} order, with the methods it declares. */
    public Map<String, Set<HttpMethod>> paths() {
        Map<String, Set<HttpMethod>> paths = new java.util.LinkedHashMap<>();
        rules.forEach(rule -> paths.computeIfAbsent(rule.path(), p -> new java.util.LinkedHashSet<>())
                .add(rule.method()));
        return paths;
    }

    /** Every scope the spec's OAuth 2.0 flows declare, sorted (some are granted but required by no operation). */
    public List<String> scopes() {
        return declaredScopes;
    }

    @SuppressWarnings("unchecked")
    private static List<String> declaredScopes(Map<String, Object> spec) {
        Map<String, Object> components = (Map<String, Object>) spec.getOrDefault("components", Map.of());
        Map<String, Map<String, Object>> schemes =
                (Map<String, Map<String, Object>>) components.getOrDefault("securitySchemes", Map.of());
        Set<String> scopes = new java.util.TreeSet<>();
        schemes.values()
                .forEach(scheme -> ((Map<String, Map<String, Object>>) scheme.getOrDefault("flows", Map.of()))
                        .values()
                        .forEach(flow ->
                                scopes.addAll(((Map<String, Object>) flow.getOrDefault("scopes", Map.of())).keySet())));
        return List.copyOf(scopes);
    }
}
