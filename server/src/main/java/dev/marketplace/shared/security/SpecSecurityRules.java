package dev.marketplace.shared.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

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

        int variables() {
            return (int) path.chars().filter(c -> c == '{').count();
        }
    }

    private final List<Rule> rules;
    private final List<String> declaredScopes;

    private SpecSecurityRules(List<Rule> rules, List<String> declaredScopes) {
        this.rules = rules;
        this.declaredScopes = declaredScopes;
    }

    public static SpecSecurityRules fromClasspath(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    @SuppressWarnings("unchecked")
    static SpecSecurityRules parse(InputStream in) {
        Map<String, Object> spec = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        List<Map<String, List<String>>> defaults = (List<Map<String, List<String>>>) spec.getOrDefault("security", List.of());
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
        List<Rule> rules = new ArrayList<>();
        paths.forEach((path, item) -> item.forEach((key, value) -> {
            if (!METHODS.contains(key)) {
                return;
            }
            Map<String, Object> operation = (Map<String, Object>) value;
            List<Map<String, List<String>>> security = operation.containsKey("security")
                    ? (List<Map<String, List<String>>>) operation.get("security") : defaults;
            rules.add(new Rule((String) operation.get("operationId"), HttpMethod.valueOf(key.toUpperCase(Locale.ROOT)),
                    path, requirements(security)));
        }));
        // Literal segments win over variables (/users/me before /users/{user_id}), as in MVC.
        rules.sort(Comparator.comparingInt(Rule::variables));
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

    /** Every scope the spec's OAuth 2.0 flows declare, sorted (some are granted but required by no operation). */
    public List<String> scopes() {
        return declaredScopes;
    }

    @SuppressWarnings("unchecked")
    private static List<String> declaredScopes(Map<String, Object> spec) {
        Map<String, Object> components = (Map<String, Object>) spec.getOrDefault("components", Map.of());
        Map<String, Map<String, Object>> schemes = (Map<String, Map<String, Object>>) components.getOrDefault("securitySchemes", Map.of());
        Set<String> scopes = new java.util.TreeSet<>();
        schemes.values().forEach(scheme -> ((Map<String, Map<String, Object>>) scheme.getOrDefault("flows", Map.of())).values()
                .forEach(flow -> scopes.addAll(((Map<String, Object>) flow.getOrDefault("scopes", Map.of())).keySet())));
        return List.copyOf(scopes);
    }
}
