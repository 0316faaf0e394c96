package dev.marketplace.shared.db;

import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Starts an embedded PostgreSQL (zonky) when no database is configured, so that {@code run} and the
 * tests need no setup. Setting {@code spring.datasource.url} (e.g. {@code SPRING_DATASOURCE_URL}) or
 * {@code marketplace.db.embedded=false} turns it off; nothing else changes.
 *
 * <p>The production jar ({@code server-…-exec.jar}) carries no embedded-PostgreSQL binaries: zonky is
 * only on the classpath of the dev run, the tests and the dev jar ({@code server-…-dev.jar}). This class
 * therefore never touches zonky's types itself (see {@link EmbeddedPostgresHolder}).
 *
 * <p>One instance per JVM: every application context in a test run shares it.
 */
public class EmbeddedPostgresEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    private static final String ZONKY = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

    private final Log log;

    public EmbeddedPostgresEnvironmentPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedPostgresEnvironmentPostProcessor.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean enabled = environment.getProperty("marketplace.db.embedded", Boolean.class, true);
        if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
            return;
        }
        if (!enabled) {
            if (environment.acceptsProfiles(Profiles.of("prod"))) {
                throw new IllegalStateException(
                        "The prod profile needs an external PostgreSQL: set SPRING_DATASOURCE_URL "
                                + "(and SPRING_DATASOURCE_USERNAME / SPRING_DATASOURCE_PASSWORD).");
            }
            return;
        }
        if (!ClassUtils.isPresent(ZONKY, EmbeddedPostgresEnvironmentPostProcessor.class.getClassLoader())) {
            throw new IllegalStateException("No database configured and this jar has no embedded PostgreSQL: set "
                    + "SPRING_DATASOURCE_URL (and SPRING_DATASOURCE_USERNAME / SPRING_DATASOURCE_PASSWORD), or run the "
                    + "development jar server-…-dev.jar (or ./mvnw -pl server -am spring-boot:run).");
        }
        int port = EmbeddedPostgresHolder.port();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "embeddedPostgres",
                        Map.of(
                                "spring.datasource.url", url,
                                "spring.datasource.username", "postgres",
                                "spring.datasource.password", "")));
        log.info("Using embedded PostgreSQL at " + url + " (set SPRING_DATASOURCE_URL to use another database)");
    }

    /**
     * The shared embedded database, started on first use and stopped when the JVM exits. Only for code that
     * has zonky on its classpath (tests, the dev jar).
     */
    public static io.zonky.test.db.postgres.embedded.EmbeddedPostgres start() {
        return EmbeddedPostgresHolder.start();
    }
}
