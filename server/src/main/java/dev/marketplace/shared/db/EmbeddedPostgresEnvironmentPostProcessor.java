package dev.marketplace.shared.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts an embedded PostgreSQL (zonky) when no database is configured, so that {@code run} and the
 * tests need no setup. Setting {@code spring.datasource.url} (e.g. {@code SPRING_DATASOURCE_URL}) or
 * {@code marketplace.db.embedded=false} turns it off; nothing else changes.
 *
 * <p>One instance per JVM: every application context in a test run shares it.
 */
public class EmbeddedPostgresEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    private static final Object LOCK = new Object();
    private static EmbeddedPostgres instance;

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
            if (environment.acceptsProfiles(org.springframework.core.env.Profiles.of("prod"))) {
                throw new IllegalStateException("The prod profile needs an external PostgreSQL: set SPRING_DATASOURCE_URL "
                        + "(and SPRING_DATASOURCE_USERNAME / SPRING_DATASOURCE_PASSWORD).");
            }
            return;
        }
        EmbeddedPostgres postgres = start();
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        environment.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "")));
        log.info("Using embedded PostgreSQL at " + url + " (set SPRING_DATASOURCE_URL to use another database)");
    }

    /** The shared embedded database, started on first use and stopped when the JVM exits. */
    public static EmbeddedPostgres start() {
        synchronized (LOCK) {
            if (instance == null) {
                try {
                    instance = EmbeddedPostgres.builder()
                            .setServerConfig("max_connections", "200")
                            .setServerConfig("fsync", "off")
                            .start();
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
                }
                EmbeddedPostgres started = instance;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; the data directory is temporary
                    }
                }, "embedded-postgres-shutdown"));
            }
            return instance;
        }
    }
}
