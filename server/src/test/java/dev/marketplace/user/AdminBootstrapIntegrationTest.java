package dev.marketplace.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.MarketplaceApplication;
import dev.marketplace.shared.db.EmbeddedPostgresEnvironmentPostProcessor;
import dev.marketplace.testsupport.ApiClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first-admin bootstrap against real start-ups of the application, each test on a database of its own (the
 * shared test database has admins already): no admin → one is created and can sign in over HTTP; an admin exists →
 * nothing changes whatever the setting says; weak passwords stop the start-up; instances starting together make
 * one admin; the password never reaches the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "first-admin-passphrase-7Q";

    @TempDir
    Path dir;

    private final EmbeddedPostgres postgres = EmbeddedPostgresEnvironmentPostProcessor.start();
    private final JdbcTemplate server = new JdbcTemplate(postgres.getPostgresDatabase());
    private String database;
    private JdbcTemplate db;

    @BeforeEach
    void freshDatabase() {
        database = "bootstrap_" + UUID.randomUUID().toString().replace("-", "");
        server.execute("CREATE DATABASE " + database);
        db = new JdbcTemplate(postgres.getDatabase("postgres", database));
    }

    @AfterEach
    void dropDatabase() {
        server.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void createsTheFirstAdminOnceAndNeverChangesItAgain(CapturedOutput output) throws Exception {
        Path secret = Files.writeString(dir.resolve("admin-password"), PASSWORD + "\n"); // as `echo … > file` writes it

        try (ConfigurableApplicationContext first =
                start("ops@example.com", "--marketplace.bootstrap-admin.password-file=" + secret)) {
            assertThat(admins()).containsExactly("ops@example.com");
            String scope = signIn(first, "ops@example.com", PASSWORD);
            assertThat(scope).contains("users:admin");
        }

        // The setting changed (another email and password): an admin exists, so nothing changes.
        Path other = Files.writeString(dir.resolve("other-password"), "another-long-passphrase-9");
        try (ConfigurableApplicationContext second =
                start("intruder@example.com", "--marketplace.bootstrap-admin.password-file=" + other)) {
            assertThat(admins()).containsExactly("ops@example.com");
            assertThat(signInStatus(second, "intruder@example.com", "another-long-passphrase-9"))
                    .isEqualTo(400);
            assertThat(signInStatus(second, "ops@example.com", "another-long-passphrase-9"))
                    .isEqualTo(400);
            assertThat(signIn(second, "ops@example.com", PASSWORD)).contains("users:admin");
        }

        // The secret was removed after the first start, the setting left in place: still starts, still nothing changes.
        try (ConfigurableApplicationContext third = start(
                "ops@example.com", "--marketplace.bootstrap-admin.password-file=" + dir.resolve("deleted-secret"))) {
            assertThat(admins()).containsExactly("ops@example.com");
        }
        assertThat(db.queryForObject("SELECT count(*) FROM users", Long.class)).isEqualTo(1);
        assertThat(output.getAll())
                .contains("Created the first admin ops@example.com")
                .doesNotContain(PASSWORD)
                .doesNotContain("another-long-passphrase-9");
    }

    @Test
    void aPasswordSignUpWouldRefuseStopsTheStartUpAndCreatesNothing(CapturedOutput output) {
        String weak = "short-pw-1"; // 10 characters; sign-up needs 12
        assertThatThrownBy(() -> start("ops@example.com", "--marketplace.bootstrap-admin.password=" + weak)
                        .close())
                .hasStackTraceContaining("does not pass the sign-up rules: password size must be between 12 and 128");
        assertThatThrownBy(() -> start("ops@example.com").close())
                .hasStackTraceContaining("MARKETPLACE_BOOTSTRAP_ADMIN_EMAIL is set but no password");
        assertThatThrownBy(() -> start("not-an-email", "--marketplace.bootstrap-admin.password=" + PASSWORD)
                        .close())
                .hasStackTraceContaining("email must be a well-formed email address");

        assertThat(db.queryForObject("SELECT count(*) FROM users", Long.class)).isZero();
        assertThat(output.getAll()).doesNotContain(weak).doesNotContain(PASSWORD);
    }

    @Test
    void twoInstancesStartingTogetherMakeOneAdmin() throws Exception {
        // Different settings on purpose: the lock, not the unique email, must keep it to one admin.
        List<Callable<ConfigurableApplicationContext>> starts = List.of(
                () -> start("ops-a@example.com", "--marketplace.bootstrap-admin.password=" + PASSWORD),
                () -> start("ops-b@example.com", "--marketplace.bootstrap-admin.password=" + PASSWORD));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        try {
            for (Future<ConfigurableApplicationContext> future : pool.invokeAll(starts)) {
                started.add(future.get());
            }
            assertThat(admins()).hasSize(1).first().asString().matches("ops-[ab]@example\\.com");
        } finally {
            started.forEach(ConfigurableApplicationContext::close);
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentBootstrapsSerialiseOnTheLockAndNeverTakeOverAnAccount() throws Exception {
        try (ConfigurableApplicationContext context = start(null)) {
            AdminBootstrap bootstrap = context.getBean(AdminBootstrap.class);
            UserService users = context.getBean(UserService.class);

            // An existing non-admin account with the configured email is never promoted.
            users.createAccount("taken@example.com", PASSWORD, "Someone", "buyer");
            assertThat(bootstrap.bootstrap("taken@example.com", "Admin", () -> PASSWORD))
                    .isEqualTo(AdminBootstrap.Outcome.EMAIL_TAKEN);
            assertThat(admins()).isEmpty();

            int racers = 8;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            List<Future<AdminBootstrap.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String email = "racer-" + i + "@example.com";
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return bootstrap.bootstrap(email, "Admin", () -> PASSWORD);
                }));
            }
            go.countDown();
            List<AdminBootstrap.Outcome> results = new ArrayList<>();
            for (Future<AdminBootstrap.Outcome> outcome : outcomes) {
                results.add(outcome.get());
            }
            pool.shutdown();

            assertThat(results)
                    .containsOnlyOnce(AdminBootstrap.Outcome.CREATED)
                    .filteredOn(o -> o != AdminBootstrap.Outcome.CREATED)
                    .containsOnly(AdminBootstrap.Outcome.ADMIN_EXISTS);
            assertThat(admins()).hasSize(1);
            assertThat(db.queryForObject("SELECT role FROM users WHERE email = 'taken@example.com'", String.class))
                    .isEqualTo("buyer");
        }
    }

    private ConfigurableApplicationContext start(String adminEmail, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.datasource.hikari.maximum-pool-size=4"));
        if (adminEmail != null) {
            args.add("--marketplace.bootstrap-admin.email=" + adminEmail);
        }
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(MarketplaceApplication.class)
                .listeners(LOGGING_SET_UP_ONE_AT_A_TIME)
                .run(args.toArray(String[]::new));
    }

    /**
     * Two applications started at once in one JVM share Logback's logger context, and Boot's structured-log encoder
     * of one fails ("Unable to find Spring Environment in logger context") when the other resets that context
     * meanwhile. So each start holds this lock until its logging is set up (environment prepared, context created),
     * and the refreshes — where the bootstrap admin is made, what the two-instance test races — still run together.
     */
    private static final java.util.concurrent.locks.ReentrantLock LOGGING_SETUP =
            new java.util.concurrent.locks.ReentrantLock();

    private static final org.springframework.context.ApplicationListener<org.springframework.context.ApplicationEvent>
            LOGGING_SET_UP_ONE_AT_A_TIME = event -> {
                if (event instanceof org.springframework.boot.context.event.ApplicationStartingEvent) {
                    LOGGING_SETUP.lock();
                } else if ((event instanceof org.springframework.boot.context.event.ApplicationPreparedEvent
                                || event instanceof org.springframework.boot.context.event.ApplicationFailedEvent)
                        && LOGGING_SETUP.isHeldByCurrentThread()) {
                    LOGGING_SETUP.unlock();
                }
            };

    private List<String> admins() {
        return db.queryForList(
                "SELECT email FROM users WHERE role = 'admin' AND deleted_at IS NULL ORDER BY email", String.class);
    }

    private static String signIn(ConfigurableApplicationContext context, String email, String password) {
        ApiClient.Response response = token(context, email, password);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("scope").asString();
    }

    private static int signInStatus(ConfigurableApplicationContext context, String email, String password) {
        return token(context, email, password).status();
    }

    private static ApiClient.Response token(ConfigurableApplicationContext context, String email, String password) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new ApiClient(port)
                .postForm(
                        "/api/v2/auth/token",
                        Map.of("grant_type", "password", "username", email, "password", password));
    }
}
