package dev.marketplace.shared.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    @Test
    @SuppressWarnings("unchecked")
    void theBundledSpecIsParsedOnceAndNobodyCanChangeIt() {
        Map<String, Object> spec = OpenApiDocument.fromClasspath(OpenApiDocument.RESOURCE);

        assertThat(OpenApiDocument.fromClasspath(OpenApiDocument.RESOURCE)).isSameAs(spec);
        assertThat(spec).containsKeys("openapi", "paths", "components");
        Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
        assertThatThrownBy(() -> paths.remove(paths.keySet().iterator().next()))
                .isInstanceOf(UnsupportedOperationException.class);
        List<Object> security = (List<Object>) spec.get("security");
        assertThatThrownBy(() -> security.add(Map.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aStreamKeepsOrderAndNullsAndMustHoldAMapping() {
        Map<String, Object> parsed = OpenApiDocument.parse(stream("b: 1\na: null\nc: [x, y]\n"));
        assertThat(parsed.keySet()).containsExactly("b", "a", "c");
        assertThat(parsed).containsEntry("a", null).containsEntry("c", List.of("x", "y"));

        assertThatThrownBy(() -> OpenApiDocument.parse(stream("- just\n- a list\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a mapping");
    }

    private static ByteArrayInputStream stream(String yaml) {
        return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    }
}
