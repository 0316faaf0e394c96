package dev.marketplace.shared.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.shared.spec.OpenApiDocument;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The operations {@link IdempotencyFilter} guards are exactly those whose spec declares {@code Idempotency-Key}:
 * checked against the bundled spec as an independent parser (swagger-parser, resolving every {@code $ref}) reads it,
 * request by request, so an operation gaining or losing the header in the spec cannot be missed.
 */
class IdempotentOperationsTest {

    private final IdempotentOperations derived = IdempotentOperations.fromClasspath(OpenApiDocument.RESOURCE);

    @Test
    void coversExactlyTheOperationsTheSpecDeclaresIdempotencyKeyOn() throws IOException {
        OpenAPI spec = parsedSpec();
        Set<String> declaring = new TreeSet<>();
        List<String> mismatches = new ArrayList<>();
        spec.getPaths()
                .forEach((template, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    boolean declares = declaresKey(item, operation);
                    if (declares) {
                        declaring.add(method.name() + " " + template);
                    }
                    String request = template.replaceAll("\\{[^}]+}", "0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11");
                    if (derived.covers(method.name(), request) != declares) {
                        mismatches.add(method + " " + request + " (spec declares Idempotency-Key: " + declares + ")");
                    }
                }));
        assertThat(mismatches).isEmpty();
        assertThat(derived.operations()).isEqualTo(declaring);
        // The operation the filter exists for; guards against both sides silently becoming empty.
        assertThat(declaring).contains("POST /api/v2/orders");
    }

    @Test
    void otherMethodsAndPathsAreNotCovered() {
        assertThat(derived.covers("POST", "/api/v2/orders")).isTrue();
        assertThat(derived.covers("GET", "/api/v2/orders")).isFalse();
        assertThat(derived.covers("POST", "/api/v2/orders/")).isFalse();
        assertThat(derived.covers("POST", "/api/v2/items")).isFalse();
    }

    @Test
    void readsPathLevelInlineAndReferencedDeclarationsOfAnyCase() {
        String spec = """
                openapi: 3.1.0
                paths:
                  /a:
                    post:
                      parameters:
                        - $ref: '#/components/parameters/Key'
                    get: {}
                  /b/{id}:
                    parameters:
                      - {name: id, in: path, required: true}
                      - {name: idempotency-key, in: header}
                    put: {}
                  /c:
                    post:
                      parameters:
                        - {name: Idempotency-Key, in: query}
                components:
                  parameters:
                    Key: {name: Idempotency-Key, in: header, required: true}
                """;
        IdempotentOperations operations =
                IdempotentOperations.parse(new ByteArrayInputStream(spec.getBytes(StandardCharsets.UTF_8)));
        assertThat(operations.operations()).containsExactly("POST /a", "PUT /b/{id}");
        assertThat(operations.covers("PUT", "/b/42")).isTrue();
        assertThat(operations.covers("PUT", "/b/42/c")).isFalse();
        assertThat(operations.covers("GET", "/a")).isFalse();
        assertThat(operations.covers("POST", "/c")).isFalse();
    }

    private static boolean declaresKey(PathItem item, Operation operation) {
        List<Parameter> parameters = new ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        return parameters.stream()
                .anyMatch(p -> "header".equals(p.getIn())
                        && "idempotency-key".equals(p.getName().toLowerCase(Locale.ROOT)));
    }

    private static OpenAPI parsedSpec() throws IOException {
        try (InputStream in =
                IdempotentOperationsTest.class.getClassLoader().getResourceAsStream(OpenApiDocument.RESOURCE)) {
            ParseOptions options = new ParseOptions();
            options.setResolveFully(true);
            OpenAPI spec = new OpenAPIV3Parser()
                    .readContents(new String(in.readAllBytes(), StandardCharsets.UTF_8), null, options)
                    .getOpenAPI();
            assertThat(spec).isNotNull();
            return spec;
        }
    }
}
