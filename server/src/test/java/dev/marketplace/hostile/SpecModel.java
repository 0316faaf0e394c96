package dev.marketplace.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The operations of {@code openapi.yaml} as the hostile-input generator needs them: method, path, parameters,
 * request bodies (schema and example per media type) and whether the operation is public. Read from the same
 * classpath copy the server serves, so a new operation in the spec is covered with no test change.
 */
final class SpecModel {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    record Parameter(String name, String in, boolean required, Map<String, Object> schema, Object example) {}

    record Body(String mediaType, Map<String, Object> schema, Object example) {}

    record Operation(
            String id,
            String method,
            String path,
            List<Parameter> parameters,
            List<Body> bodies,
            boolean bodyRequired,
            boolean isPublic) {
        @Override
        public String toString() {
            return method + " " + path + " (" + id + ")";
        }
    }

    private final Map<String, Object> root;

    private SpecModel(Map<String, Object> root) {
        this.root = root;
    }

    static SpecModel load() {
        try (InputStream in = SpecModel.class.getClassLoader().getResourceAsStream("openapi/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi/openapi.yaml is not on the classpath");
            }
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(50 * 1024 * 1024);
            return new SpecModel(new Yaml(new SafeConstructor(options)).load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    List<Operation> operations() {
        List<Map<String, Object>> defaultSecurity =
                (List<Map<String, Object>>) root.getOrDefault("security", List.of());
        List<Operation> operations = new ArrayList<>();
        ((Map<String, Map<String, Object>>) root.get("paths")).forEach((path, item) -> {
            List<Object> shared = (List<Object>) item.getOrDefault("parameters", List.of());
            item.forEach((key, value) -> {
                if (!METHODS.contains(key)) {
                    return;
                }
                Map<String, Object> op = (Map<String, Object>) value;
                Map<String, Parameter> parameters = new LinkedHashMap<>();
                for (Object p : concat(shared, (List<Object>) op.getOrDefault("parameters", List.of()))) {
                    Map<String, Object> param = resolve(p);
                    Map<String, Object> schema = resolve(param.getOrDefault("schema", Map.of()));
                    parameters.put(
                            param.get("in") + ":" + param.get("name"),
                            new Parameter(
                                    (String) param.get("name"),
                                    (String) param.get("in"),
                                    Boolean.TRUE.equals(param.get("required")),
                                    schema,
                                    param.containsKey("example") ? param.get("example") : schema.get("example")));
                }
                List<Body> bodies = new ArrayList<>();
                boolean bodyRequired = false;
                if (op.containsKey("requestBody")) {
                    Map<String, Object> body = resolve(op.get("requestBody"));
                    bodyRequired = Boolean.TRUE.equals(body.get("required"));
                    ((Map<String, Map<String, Object>>) body.getOrDefault("content", Map.of()))
                            .forEach((mediaType, media) -> {
                                Map<String, Object> schema = resolve(media.getOrDefault("schema", Map.of()));
                                bodies.add(new Body(mediaType, schema, example(media, schema)));
                            });
                }
                List<Map<String, Object>> security =
                        (List<Map<String, Object>>) op.getOrDefault("security", defaultSecurity);
                boolean isPublic = security.isEmpty() || security.stream().anyMatch(Map::isEmpty);
                operations.add(new Operation(
                        (String) op.get("operationId"),
                        key.toUpperCase(Locale.ROOT),
                        path,
                        List.copyOf(parameters.values()),
                        bodies,
                        bodyRequired,
                        isPublic));
            });
        });
        return operations;
    }

    private static List<Object> concat(List<Object> a, List<Object> b) {
        List<Object> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @SuppressWarnings("unchecked")
    private Object example(Map<String, Object> media, Map<String, Object> schema) {
        if (media.containsKey("example")) {
            return media.get("example");
        }
        Map<String, Object> examples = (Map<String, Object>) media.get("examples");
        if (examples != null && !examples.isEmpty()) {
            Map<String, Object> first = resolve(examples.values().iterator().next());
            return first.get("value");
        }
        return schema.get("example");
    }

    /** Follows {@code $ref}s (local ones, as the spec uses) until a concrete object. */
    @SuppressWarnings("unchecked")
    Map<String, Object> resolve(Object node) {
        Map<String, Object> map = (Map<String, Object>) node;
        for (int depth = 0; map != null && map.containsKey("$ref") && depth < 20; depth++) {
            String ref = (String) map.get("$ref");
            Object target = root;
            for (String part : ref.substring(2).split("/")) {
                target = ((Map<String, Object>) target)
                        .get(part.replace("~1", "/").replace("~0", "~"));
            }
            map = (Map<String, Object>) target;
        }
        return map == null ? Map.of() : map;
    }

    /** The object properties of a schema (merging {@code allOf}, taking the first {@code oneOf}/{@code anyOf}). */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> properties(Map<String, Object> schema) {
        Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
        schema = resolve(schema);
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            List<Object> parts = (List<Object>) schema.get(combinator);
            if (parts != null) {
                for (Object part : combinator.equals("allOf") ? parts : parts.subList(0, 1)) {
                    properties.putAll(properties(resolve(part)));
                }
            }
        }
        ((Map<String, Object>) schema.getOrDefault("properties", Map.of()))
                .forEach((name, property) -> properties.put(name, resolve(property)));
        return properties;
    }

    @SuppressWarnings("unchecked")
    List<String> required(Map<String, Object> schema) {
        schema = resolve(schema);
        List<String> required = new ArrayList<>((List<String>) schema.getOrDefault("required", List.of()));
        List<Object> allOf = (List<Object>) schema.get("allOf");
        if (allOf != null) {
            allOf.forEach(part -> required.addAll(required(resolve(part))));
        }
        return required;
    }
}
