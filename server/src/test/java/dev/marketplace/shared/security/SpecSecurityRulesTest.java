package dev.marketplace.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Rule precedence does not depend on the order of paths in the spec: literal segments before templated ones. */
class SpecSecurityRulesTest {

    @Test
    void precedenceIsTheSameWhateverOrderTheSpecListsItsPathsIn() throws Exception {
        Map<String, Object> spec;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi/openapi.yaml")) {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(50 * 1024 * 1024);
            spec = new Yaml(new SafeConstructor(options)).load(in);
        }
        List<SpecSecurityRules.Rule> original = parse(spec);
        @SuppressWarnings("unchecked")
        Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
        List<String> keys = new ArrayList<>(paths.keySet());
        for (long seed : new long[] {1, 2, 3}) {
            Collections.shuffle(keys, new java.util.Random(seed));
            Map<String, Object> shuffled = new LinkedHashMap<>();
            keys.forEach(k -> shuffled.put(k, paths.get(k)));
            Map<String, Object> copy = new LinkedHashMap<>(spec);
            copy.put("paths", shuffled);
            assertThat(parse(copy)).isEqualTo(original);
        }
        assertThat(original).isNotEmpty();
    }

    @Test
    void literalSegmentsComeBeforeTemplatedOnes() {
        assertThat(SpecSecurityRules.comparePaths("/api/v2/users/me", "/api/v2/users/{user_id}"))
                .isNegative();
        assertThat(SpecSecurityRules.comparePaths("/api/v2/items/export", "/api/v2/items/{item_id}"))
                .isNegative();
        assertThat(SpecSecurityRules.comparePaths("/a/b/{y}", "/a/{x}/b")).isNegative();
        assertThat(SpecSecurityRules.comparePaths("/a/{x}/b", "/a/b/{y}")).isPositive();
        List<String> order = SpecSecurityRules.fromClasspath("openapi/openapi.yaml").rules().stream()
                .map(SpecSecurityRules.Rule::path)
                .distinct()
                .toList();
        assertThat(order.indexOf("/api/v2/users/me")).isLessThan(order.indexOf("/api/v2/users/{user_id}"));
        assertThat(order.indexOf("/api/v2/items/export")).isLessThan(order.indexOf("/api/v2/items/{item_id}"));
    }

    private static List<SpecSecurityRules.Rule> parse(Map<String, Object> spec) {
        DumperOptions options = new DumperOptions();
        String yaml = new Yaml(options).dump(spec);
        return SpecSecurityRules.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .rules();
    }
}
