package dev.marketplace.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.MarketplaceApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.yaml.snakeyaml.Yaml;

/**
 * The container recipe and the compose example cannot be built here (no Docker engine), so their
 * structure is checked instead; CI smoke-tests the packaged jar ({@code .ci/smoke-prod.sh}); and the prod
 * profile refuses to start without an external database.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void dockerfileIsMultiStageNonRootWithAHealthCheck() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"));
        // build, train (the AOT cache, against a throwaway PostgreSQL), runtime
        assertThat(lines.stream().filter(l -> l.startsWith("FROM ")).count()).isEqualTo(3);
        assertThat(lines).anyMatch(l -> l.startsWith("USER ") && !l.contains("root") && !l.equals("USER 0"));
        assertThat(lines).anyMatch(l -> l.startsWith("HEALTHCHECK "));
        assertThat(String.join("\n", lines))
                .contains("MaxRAMPercentage", "/actuator/health/readiness", "SPRING_PROFILES_ACTIVE=prod")
                .doesNotContainPattern("ADD\\s+https?://");
        // The recommended production flags (README) and the AOT cache trained at build time by deploy/aot-train.sh
        // (the script bench/startup.sh trains with), used by the entry point.
        assertThat(String.join("\n", lines))
                .contains(
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "aot-train.sh /app jdbc:postgresql://",
                        "-Dspring.context.exit=onRefresh",
                        "COPY --from=train /app/app.aot /app/app.aot",
                        "-XX:AOTCache=/app/app.aot",
                        "jarmode=tools",
                        // Spring AOT: generated at build, trained and run in that mode (AotSettingsGuard checks it).
                        "package -DskipTests -Pspring-aot",
                        "-Dspring.aot.enabled=true \\",
                        "SPRING_AOT_OPTS=\"-Dspring.aot.enabled=true\"",
                        "$JAVA_OPTS $SPRING_AOT_OPTS -XX:AOTCache=/app/app.aot");
        assertThat(Files.readString(ROOT.resolve("deploy/aot-train.sh")))
                .contains("-XX:AOTCacheOutput=app.aot", "kill -TERM");
        // The training database stays in the train stage: the runtime stage (after the last FROM) installs no
        // PostgreSQL.
        int runtime = lines.stream()
                .filter(l -> l.startsWith("FROM "))
                .mapToInt(lines::lastIndexOf)
                .max()
                .orElseThrow();
        assertThat(lines.subList(runtime, lines.size()))
                .noneMatch(l -> l.contains("postgresql") && l.contains("install"));
        assertThat(lines)
                .filteredOn(l -> l.startsWith("ENTRYPOINT "))
                .singleElement()
                .asString()
                .contains("exec java");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheServiceAgainstPostgresWithRequiredSecrets() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("db", "api-1", "api-2");
        for (String api : List.of("api-1", "api-2")) {
            Map<String, String> env = (Map<String, String>) services.get(api).get("environment");
            assertThat(env.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://db:5432/");
            assertThat(env.get("SPRING_PROFILES_ACTIVE")).isEqualTo("prod");
            assertThat(env.get("MARKETPLACE_AUTH_SIGNING_KEY")).contains(":?"); // compose refuses to start without it
            assertThat(env.get("MARKETPLACE_PAYMENTS_WEBHOOK_SECRET"))
                    .contains(":?"); // prod refuses to start without it
            assertThat(env.get("MARKETPLACE_WEBHOOKS_SECRET_KEY")).contains(":?"); // … and without this one
            assertThat(((Map<String, Object>) services.get(api).get("depends_on")))
                    .containsKey("db");
        }
    }

    /**
     * The production shape: nginx (the only published port) in front of two instances that trust exactly nginx's
     * address, share Redis for rate limits and live events, and use the nginx configuration the bench runs.
     */
    @Test
    @SuppressWarnings("unchecked")
    void composeIsTwoInstancesBehindNginxWithRedis() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("db", "redis", "api-1", "api-2", "proxy");
        Map<String, Object> proxy = services.get("proxy");
        String proxyAddress = (String) ((Map<String, Map<String, Object>>) proxy.get("networks"))
                .get("backend")
                .get("ipv4_address");
        assertThat(proxy.get("ports")).isEqualTo(List.of("8080:80"));
        assertThat((List<String>) proxy.get("volumes"))
                .contains(
                        "./deploy/nginx/marketplace.conf:/etc/nginx/conf.d/default.conf:ro",
                        "./deploy/nginx/compose/marketplace-upstreams.conf:/etc/nginx/marketplace-upstreams.conf:ro",
                        "./deploy/nginx/compose/marketplace-local.conf:/etc/nginx/marketplace-local.conf:ro");
        String upstreams = Files.readString(ROOT.resolve("deploy/nginx/compose/marketplace-upstreams.conf"));
        for (String api : List.of("api-1", "api-2")) {
            Map<String, Object> service = services.get(api);
            Map<String, String> env = (Map<String, String>) service.get("environment");
            assertThat(service).doesNotContainKey("ports"); // reachable only through nginx
            assertThat(env.get("MARKETPLACE_TRUSTED_PROXIES")).isEqualTo(proxyAddress + "/32");
            assertThat(env.get("MARKETPLACE_RATE_LIMIT_REDIS_URL")).isEqualTo("redis://redis:6379");
            assertThat(env.get("MARKETPLACE_LIVE_FANOUT")).isEqualTo("redis");
            assertThat(env.get("MARKETPLACE_LIVE_REDIS_URL")).isEqualTo("redis://redis:6379");
            assertThat(env.get("MARKETPLACE_BOOTSTRAP_ADMIN_PASSWORD_FILE")).startsWith("/run/secrets/");
            assertThat(((Map<String, Object>) service.get("depends_on"))).containsKeys("db", "redis");
            assertThat(upstreams).containsPattern("(?m)^server " + api + ":8080\\b");
        }
        String nginx = Files.readString(ROOT.resolve("deploy/nginx/marketplace.conf"));
        assertThat(nginx)
                .contains(
                        "include marketplace-upstreams.conf;",
                        "include marketplace-local.conf;",
                        "proxy_set_header Upgrade $http_upgrade;",
                        "proxy_set_header X-Forwarded-For $remote_addr;",
                        "proxy_set_header X-Forwarded-Proto $scheme;",
                        "proxy_set_header Forwarded \"\";",
                        "client_max_body_size");
    }

    @Test
    void ciSmokeTestsThePackagedJarAfterTheTestCommand() throws IOException {
        String run = Files.readString(ROOT.resolve(".ci/run"));
        assertThat(run.indexOf("bash .ci/smoke-prod.sh"))
                .isGreaterThan(run.indexOf("./mvnw -B verify"))
                .isPositive();
        // Then the Spring AOT build of the same jar, started in Spring AOT mode as the Dockerfile runs it.
        assertThat(run.indexOf("SMOKE_SPRING_AOT=1 bash .ci/smoke-prod.sh"))
                .isGreaterThan(run.indexOf("package -DskipTests -Pspring-aot"))
                .isGreaterThan(run.indexOf("bash .ci/smoke-prod.sh"));
        String smoke = Files.readString(ROOT.resolve(".ci/smoke-prod.sh"));
        assertThat(smoke)
                .contains(
                        "SPRING_PROFILES_ACTIVE=prod",
                        "MARKETPLACE_AUTH_SIGNING_KEY",
                        "MARKETPLACE_PAYMENTS_WEBHOOK_SECRET",
                        "MARKETPLACE_WEBHOOKS_SECRET_KEY",
                        "/actuator/health/readiness",
                        "kill -TERM",
                        "Graceful shutdown complete",
                        "dropdb",
                        "SKIPPED artifact smoke test",
                        "-Dspring.aot.enabled=true",
                        "was 'unset' at build time and is 'set' now");
    }

    @Test
    void prodNeedsAnExternalDatabase() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(MarketplaceApplication.class)
                        .profiles("prod")
                        .run("--server.port=0", "--spring.main.banner-mode=off")
                        .close())
                .hasStackTraceContaining("The prod profile needs an external PostgreSQL: set SPRING_DATASOURCE_URL");
    }
}
