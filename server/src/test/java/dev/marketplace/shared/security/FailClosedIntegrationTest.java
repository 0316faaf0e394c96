package dev.marketplace.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Fail closed (issue 12, point 3): a path that neither the spec nor {@link InfrastructurePaths} knows is a 404
 * problem for every caller; a known path with an undeclared method is a 405; every infrastructure path is
 * still reachable exactly as before; and every MVC mapping is on one of the two lists.
 */
class FailClosedIntegrationTest extends ApiIntegrationTest {

    private static final List<String> UNKNOWN = List.of(
            "/api/v2/nothing-here",
            "/api/v3/items",
            "/api/v2/items/" + "5d7f8e2a-3c4b-4d1e-9f6a-7b8c9d0e1f2a/nothing",
            "/actuatorx",
            "/error",
            "/api/v2",
            "/.well-known/other",
            "/definitely/not/here.html",
            "/favicon.ico",
            "/bench",
            "/ws/other",
            "/api/openapi.json");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void anUnknownPathIsA404ProblemForEveryCallerAndEveryMethod() {
        String seller = seller().accessToken();
        String admin = accounts.session("admin").accessToken();
        for (ApiClient caller : List.of(
                anonymous, anonymous.withToken(seller), anonymous.withToken(admin), anonymous.withToken("not.a.jwt"))) {
            for (String path : UNKNOWN) {
                for (String method : List.of("GET", "POST", "DELETE", "PATCH")) {
                    Response response = caller.send(
                            method,
                            path,
                            method.equals("GET") || method.equals("DELETE") ? null : "application/json",
                            method.equals("GET") || method.equals("DELETE") ? null : "{}",
                            Map.of());
                    problem(response, 404, "not_found");
                }
            }
        }
    }

    @Test
    void aKnownPathWithAnUndeclaredMethodIsA405ProblemWithAllow() {
        for (ApiClient caller : List.of(anonymous, anonymous.withToken(seller().accessToken()))) {
            Response put = caller.send("PUT", "/api/v2/items", "application/json", "{}", Map.of());
            problem(put, 405, "method_not_allowed");
            assertThat(put.header("Allow")).contains("GET", "HEAD", "POST");
            Response post = caller.send("POST", "/api/openapi.yaml", "application/json", "{}", Map.of());
            problem(post, 405, "method_not_allowed");
            assertThat(post.header("Allow").split(", ")).containsExactlyInAnyOrder("GET", "HEAD");
        }
    }

    @Test
    void everyInfrastructurePathIsReachableAsBefore() {
        String seller = seller().accessToken();
        String admin = accounts.session("admin").accessToken();
        // Public: landing page and its assets, the spec documents, both docs UIs and their scripts, probes.
        Response landing = anonymous.get("/");
        assertThat(landing.status()).isEqualTo(200);
        var asset = Pattern.compile("\"(/static/[^\"]+)\"").matcher(landing.body());
        assertThat(asset.find()).isTrue();
        assertThat(anonymous.get(asset.group(1)).status()).isEqualTo(200);
        for (String path : List.of(
                "/api/openapi.yaml",
                "/api/asyncapi.yaml",
                "/api/docs",
                "/api/docs/",
                "/api/redoc",
                "/api/redoc/",
                "/api-docs/swagger-init.js",
                "/webjars/swagger-ui/swagger-ui-bundle.js",
                "/webjars/redoc/bundles/redoc.standalone.js",
                "/actuator/health",
                "/actuator/health/liveness",
                "/actuator/health/readiness",
                "/actuator/info")) {
            assertThat(anonymous.get(path).status()).as(path).isEqualTo(200);
            assertThat(anonymous.send("HEAD", path, null, null, Map.of()).status())
                    .as("HEAD " + path)
                    .isEqualTo(200);
        }
        // Admin only: the rest of actuator.
        for (String path : List.of("/actuator/metrics", "/actuator/prometheus", "/actuator/loggers")) {
            problem(anonymous.get(path), 401, "unauthorized");
            problem(anonymous.withToken(seller).get(path), 403, "insufficient_scope");
            assertThat(anonymous.withToken(admin).get(path).status()).as(path).isEqualTo(200);
        }
        // Signed-in only: the live events WebSocket refuses anonymous callers before the upgrade.
        problem(anonymous.get(WebSocketTicketFilter.PATH), 401, "unauthorized");
        assertThat(anonymous.withToken(seller).get(WebSocketTicketFilter.PATH).status())
                .isNotIn(401, 403, 404);
        // The bench endpoint exists only in the bench profile: listed, but not served here.
        problem(anonymous.get("/bench/slow"), 404, "not_found");
    }

    @Test
    void everyMvcMappingIsOnTheSpecOrTheInfrastructureList() {
        List<PathPattern> known = new ArrayList<>();
        SpecSecurityRules.fromClasspath("openapi/openapi.yaml")
                .paths()
                .keySet()
                .forEach(p -> known.add(PathPatternParser.defaultInstance.parse(p)));
        InfrastructurePaths.ENTRIES.forEach(e -> known.add(PathPatternParser.defaultInstance.parse(e.pattern())));
        List<String> unlisted = new ArrayList<>();
        mappings.getHandlerMethods()
                .keySet()
                .forEach(info -> info.getPatternValues().stream()
                        // The error controller is reached only by the container's ERROR dispatch, never by a request.
                        .filter(pattern -> !pattern.equals("/error"))
                        .forEach(pattern -> {
                            // A mapping is covered when a listed pattern matches it literally (variables stand for
                            // themselves).
                            var path = org.springframework.http.server.PathContainer.parsePath(pattern);
                            if (known.stream()
                                    .noneMatch(k -> k.matches(path)
                                            || k.getPatternString().equals(pattern))) {
                                unlisted.add(pattern);
                            }
                        }));
        assertThat(unlisted)
                .as("MVC mappings neither in the spec nor in InfrastructurePaths (they would answer 404)")
                .isEmpty();
    }
}
