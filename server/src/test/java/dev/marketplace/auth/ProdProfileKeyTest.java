package dev.marketplace.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.MarketplaceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The prod profile refuses to start with a generated (development) signing key. */
class ProdProfileKeyTest {

    @Test
    void prodWithoutAConfiguredSigningKeyDoesNotStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(MarketplaceApplication.class)
                .profiles("prod")
                .run("--server.port=0", "--spring.main.banner-mode=off")
                .close())
                .hasStackTraceContaining("marketplace.auth.signing-key");
    }
}
