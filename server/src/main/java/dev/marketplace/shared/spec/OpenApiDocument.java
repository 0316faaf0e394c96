package dev.marketplace.shared.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API's OpenAPI document as the rules derived from it read it (authorization, idempotent operations): the bundled
 * spec on the class path, parsed once per class loader and shared, read-only. Each rule used to parse the 220 KB
 * document on its own at every start (SnakeYAML, on the main thread: ~4% of its CPU until ready, 2026-12-07).
 */
public final class OpenApiDocument {

    /** The bundled spec the server is generated from (built by the api-spec module). */
    public static final String RESOURCE = "openapi/openapi.yaml";

    private static final ConcurrentMap<String, Map<String, Object>> PARSED = new ConcurrentHashMap<>();

    private OpenApiDocument() {}

    /** The document at this class-path resource: parsed on first use, then the same unmodifiable tree. */
    public static Map<String, Object> fromClasspath(String resource) {
        return PARSED.computeIfAbsent(resource, OpenApiDocument::read);
    }

    /** A document from a stream (tests' variants of the spec), as an unmodifiable tree; not cached. */
    public static Map<String, Object> parse(InputStream in) {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        if (!(document instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("Not an OpenAPI document: its root is not a mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) frozen(document);
        return root;
    }

    private static Map<String, Object> read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    /** Maps and lists made unmodifiable all the way down (order and null values kept), so no reader can change it. */
    private static Object frozen(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>(map.size() * 2);
            map.forEach((key, value) -> copy.put(key, frozen(value)));
            return Collections.unmodifiableMap(copy);
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(value -> copy.add(frozen(value)));
            return Collections.unmodifiableList(copy);
        }
        return node;
    }
}
