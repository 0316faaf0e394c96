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
        assertThat(lines.stream().filter(l -> l.startsWith("FROM ")).count()).isEqualTo(2);
        assertThat(lines).anyMatch(l -> l.startsWith("USER ") && !l.contains("root") && !l.equals("USER 0"));
        assertThat(lines).anyMatch(l -> l.startsWith("HEALTHCHECK "));
        assertThat(String.join("\n", lines)).contains("MaxRAMPercentage", "/actuator/health/readiness", "SPRING_PROFILES_ACTIVE=prod")
                .doesNotContainPattern("ADD\\s+https?://");
        // The recommended production flags (README) and the AOT cache trained at build time, used by the entry point.
        assertThat(String.join("\n", lines)).contains("-Xmx256m", "-XX:+UseSerialGC", "-XX:AOTCacheOutput=/app/app.aot",
                "-Dspring.context.exit=onRefresh", "-XX:AOTCache=/app/app.aot", "jarmode=tools");
        assertThat(lines).filteredOn(l -> l.startsWith("ENTRYPOINT ")).singleElement().asString().contains("exec java");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheServiceAgainstPostgresWithRequiredSecrets() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("db", "api");
        Map<String, String> env = (Map<String, String>) services.get("api").get("environment");
        assertThat(env.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://db:5432/");
        assertThat(env.get("SPRING_PROFILES_ACTIVE")).isEqualTo("prod");
        assertThat(env.get("MARKETPLACE_AUTH_SIGNING_KEY")).contains(":?"); // compose refuses to start without it
        assertThat(env.get("MARKETPLACE_PAYMENTS_WEBHOOK_SECRET")).contains(":?"); // prod refuses to start without it
        assertThat(env.get("MARKETPLACE_WEBHOOKS_SECRET_KEY")).contains(":?"); // … and without this one
        assertThat(((Map<String, Object>) services.get("api").get("depends_on"))).containsKey("db");
    }

    @Test
    void ciSmokeTestsThePackagedJarAfterTheTestCommand() throws IOException {
        String run = Files.readString(ROOT.resolve(".ci/run"));
        assertThat(run.indexOf("bash .ci/smoke-prod.sh")).isGreaterThan(run.indexOf("./mvnw -B verify")).isPositive();
        String smoke = Files.readString(ROOT.resolve(".ci/smoke-prod.sh"));
        assertThat(smoke).contains("SPRING_PROFILES_ACTIVE=prod", "MARKETPLACE_AUTH_SIGNING_KEY", "MARKETPLACE_PAYMENTS_WEBHOOK_SECRET",
                "MARKETPLACE_WEBHOOKS_SECRET_KEY", "/actuator/health/readiness",
                "kill -TERM", "Graceful shutdown complete", "dropdb", "SKIPPED artifact smoke test");
    }

    @Test
    void prodNeedsAnExternalDatabase() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(MarketplaceApplication.class).profiles("prod")
                .run("--server.port=0", "--spring.main.banner-mode=off").close())
                .hasStackTraceContaining("The prod profile needs an external PostgreSQL: set SPRING_DATASOURCE_URL");
    }
}
