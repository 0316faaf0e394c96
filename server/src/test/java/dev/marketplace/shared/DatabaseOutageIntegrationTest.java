package dev.marketplace.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.MarketplaceApplication;
import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.TestAccounts;
import dev.marketplace.user.UserService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database goes away mid-run and comes back: requests fail fast with a 503 problem and Retry-After,
 * readiness turns DOWN (liveness stays UP, so nobody restarts the service), and once the database is back
 * the same process serves again — with every write it acknowledged before the outage.
 *
 * <p>Owns its database (an embedded PostgreSQL on a fixed port and data directory, so it can be stopped
 * and started again) and its server, apart from the shared test context.
 */
class DatabaseOutageIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The configured pool timeout (spring.datasource.hikari.connection-timeout) plus slack for the request itself. */
    private static final Duration FAIL_FAST = Duration.ofMillis(3000 + 1500);

    private Path dataDirectory;
    private int databasePort;
    private EmbeddedPostgres database;
    private ConfigurableApplicationContext app;

    @AfterEach
    void tearDown() throws IOException {
        if (app != null) {
            app.close();
        }
        if (database != null) {
            database.close();
        }
        if (dataDirectory != null) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void anOutageAnswers503FastAndTheServiceRecoversWithoutARestart() throws Exception {
        dataDirectory = Files.createTempDirectory("outage-pg");
        try (ServerSocket socket = new ServerSocket(0)) {
            databasePort = socket.getLocalPort();
        }
        Instant t0 = Instant.now();
        startDatabase();
        phase("database started", t0);
        app = new SpringApplicationBuilder(MarketplaceApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres",
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=");
        phase("server started", t0);
        ApiClient api =
                new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
        String token = new TestAccounts(api, app.getBean(UserService.class))
                .session("seller")
                .accessToken();
        ApiClient seller = api.withToken(token);

        Response created = seller.post(
                "/api/v2/items", "{\"name\":\"Survives the outage\",\"price\":\"9.50\",\"currency\":\"EUR\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asString();
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);

        database.close();
        database = null;
        phase("database stopped", t0);

        assertFailsFastWith503(() -> api.get("/api/v2/items?limit=5"));
        assertFailsFastWith503(() -> seller.post(
                "/api/v2/items", "{\"name\":\"During the outage\",\"price\":\"1.00\",\"currency\":\"EUR\"}"));
        Response readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"DOWN\"");
        assertThat(api.get("/actuator/health/liveness").status())
                .as("liveness does not depend on the database")
                .isEqualTo(200);

        phase("outage checked", t0);
        startDatabase();
        phase("database restarted", t0);

        Instant deadline = Instant.now().plusSeconds(20);
        while (api.get("/actuator/health/readiness").status() != 200) {
            assertThat(Instant.now())
                    .as("ready again within 20 s of the database's return")
                    .isBefore(deadline);
            Thread.sleep(250);
        }
        phase("ready again", t0);
        Response kept = seller.get("/api/v2/items/" + id);
        assertThat(kept.status()).isEqualTo(200);
        assertThat(JSON.readTree(kept.body()).get("name").asString()).isEqualTo("Survives the outage");
        assertThat(seller.post(
                                "/api/v2/items",
                                "{\"name\":\"After the outage\",\"price\":\"2.00\",\"currency\":\"EUR\"}")
                        .status())
                .isEqualTo(201);
        assertThat(api.get("/api/v2/items?limit=5").status()).isEqualTo(200);
    }

    private static void phase(String name, Instant start) {
        System.out.println("[outage-test] " + name + " after "
                + Duration.between(start, Instant.now()).toMillis() + " ms");
    }

    private static void assertFailsFastWith503(java.util.function.Supplier<Response> request) {
        Instant start = Instant.now();
        Response response = request.get();
        assertThat(Duration.between(start, Instant.now()))
                .as("answered within the pool timeout")
                .isLessThan(FAIL_FAST);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(problem.get("code").asString()).isEqualTo("service_unavailable");
        assertThat(problem.get("trace_id").asString()).matches("[0-9a-f]{32}");
        assertThat(response.body()).doesNotContain("Exception", "Hikari", "SQL", "postgres");
    }

    private void startDatabase() throws IOException {
        database = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(databasePort)
                .setServerConfig("fsync", "off")
                .start();
    }
}
