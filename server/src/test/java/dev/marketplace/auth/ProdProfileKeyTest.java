package dev.marketplace.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.MarketplaceApplication;
import dev.marketplace.shared.db.EmbeddedPostgresEnvironmentPostProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The prod profile refuses to start with a generated (development) signing key. */
class ProdProfileKeyTest {

    @Test
    void prodWithoutAConfiguredSigningKeyDoesNotStart() {
        // prod needs an external database: point it at the test run's PostgreSQL, so the key check is what fails.
        int dbPort = EmbeddedPostgresEnvironmentPostProcessor.start().getPort();
        assertThatThrownBy(() -> new SpringApplicationBuilder(MarketplaceApplication.class)
                        .profiles("prod")
                        .run(
                                "--server.port=0",
                                "--spring.main.banner-mode=off",
                                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres",
                                "--spring.datasource.username=postgres",
                                "--marketplace.auth.bcrypt-strength=10", // the tests' cost 4 is refused in prod
                                "--marketplace.auth.signing-key=", // the tests' fixed key (config/application.yaml)
                                // Every other prod requirement is met, so the signing key is what fails.
                                "--marketplace.payments.webhook-secret=whsec_a_long_enough_test_secret",
                                "--marketplace.webhooks.secret-key="
                                        + java.util.Base64.getEncoder().encodeToString(new byte[32]))
                        .close())
                .hasStackTraceContaining("marketplace.auth.signing-key");
    }
}
