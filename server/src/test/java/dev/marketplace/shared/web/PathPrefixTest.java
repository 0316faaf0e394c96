package dev.marketplace.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** The prefix test never rules out a path its pattern matches. */
class PathPrefixTest {

    @Test
    void prefixesStopBeforeTheFirstVariableOrWildcard() {
        assertThat(PathPrefix.of("/api/v2/items/{item_id}")).isEqualTo("/api/v2/items");
        assertThat(PathPrefix.of("/api/v2/items/export")).isEqualTo("/api/v2/items/export");
        assertThat(PathPrefix.of("/actuator/health/**")).isEqualTo("/actuator/health");
        assertThat(PathPrefix.of("/{*rest}")).isEmpty();
        assertThat(PathPrefix.of("/")).isEqualTo("/");
    }

    @Test
    void neverRulesOutAMatchingPath() {
        List<String> patterns = List.of(
                "/api/v2/items/{item_id}",
                "/api/v2/items/export",
                "/actuator/health/**",
                "/static/**",
                "/api/v2/items/{item_id}/images/{image_id}",
                "/api/docs/",
                "/",
                "/api/v2/users/me",
                "/api/v{version}/x");
        List<String> paths = List.of(
                "/api/v2/items/abc",
                "/api/v2/items/export",
                "/actuator/health",
                "/actuator/health/liveness",
                "/static",
                "/static/a/b.css",
                "/api/v2/items/1/images/2",
                "/api/docs/",
                "/",
                "/api/v2/users/me",
                "/api/v2/%69tems/abc",
                "/api/v2/items",
                "/api/v2/itemsx/abc",
                "/api/v9/x",
                "/actuator/healthz");
        int matches = 0;
        for (String pattern : patterns) {
            PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
            for (String path : paths) {
                if (parsed.matches(PathContainer.parsePath(path))) {
                    matches++;
                    assertThat(PathPrefix.mayMatch(PathPrefix.of(pattern), path))
                            .as(pattern + " / " + path)
                            .isTrue();
                }
            }
        }
        assertThat(matches).isGreaterThan(10);
        assertThat(PathPrefix.mayMatch(PathPrefix.of("/api/v2/items/{item_id}"), "/api/v2/users/me"))
                .isFalse();
    }
}
