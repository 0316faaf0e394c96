package dev.marketplace.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The response headers the spec declares are checked like bodies: required ones present, values matching their schema. */
class SpecValidatorTest {

    private static final String ITEM = """
            {"id":"0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11","owner_id":"7d7f5d0c-8a53-4c1e-9f0e-3b0d1f2a4b6c",\
            "name":"Lamp","description":null,"price":"49.90","currency":"EUR","status":"active","tags":[],\
            "created_at":"2026-01-15T09:30:00.123456Z","updated_at":"2026-01-15T09:30:00.123456Z","version":0,"stock":1}""";
    private static final String PATH = "/api/v2/items/0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11";
    private static final String PROBLEM = """
            {"type":"https://api.marketplace.example/problems/rate-limited","title":"Too many requests","status":429,\
            "code":"rate_limited","request_id":"r-1"}""";

    private final SpecValidator spec = SpecValidator.shared();

    @Test
    void aResponseWithTheRequiredHeadersInShapeIsValid() {
        assertThatCode(() -> spec.assertValid(
                        "GET",
                        PATH,
                        200,
                        "application/json",
                        ITEM,
                        Map.of(
                                "ETag",
                                List.of("\"0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11-v0\""),
                                "X-Request-Id",
                                List.of("abc-1"),
                                "Cache-Control",
                                List.of("no-cache"))))
                .doesNotThrowAnyException();
    }

    @Test
    void aMissingRequiredHeaderFails() {
        assertThatThrownBy(() -> spec.assertValid(
                        "GET", PATH, 200, "application/json", ITEM, Map.of("X-Request-Id", List.of("abc-1"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("validation.response.header.missing")
                .hasMessageContaining("ETag");
        assertThatThrownBy(() -> spec.assertValid(
                        "POST",
                        "/api/v2/items",
                        201,
                        "application/json",
                        ITEM,
                        Map.of("ETag", List.of("\"x-v0\""), "X-Request-Id", List.of("abc-1"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("validation.response.header.missing")
                .hasMessageContaining("Location");
    }

    @Test
    void aHeaderValueOutsideItsSchemaFails() {
        assertThatThrownBy(() -> spec.assertValid(
                        "GET",
                        PATH,
                        200,
                        "application/json",
                        ITEM,
                        Map.of("ETag", List.of("\"x-v0\""), "X-Request-Id", List.of("has spaces, not allowed"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[validation.response.header.schema.pattern]");
        assertThatThrownBy(() -> spec.assertValid(
                        "GET",
                        "/api/v2/items",
                        429,
                        "application/problem+json",
                        PROBLEM,
                        Map.of(
                                "Retry-After",
                                List.of("soon"),
                                "RateLimit",
                                List.of("\"anon\";r=0;t=3"),
                                "RateLimit-Policy",
                                List.of("\"anon\";q=300;w=60"),
                                "X-Request-Id",
                                List.of("r-1"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[validation.response.header.schema.type]");
    }

    @Test
    void theOldSignatureStillChecksBodiesOnly() {
        assertThatCode(() -> spec.assertValid("GET", PATH, 200, "application/json", ITEM))
                .doesNotThrowAnyException();
    }
}
