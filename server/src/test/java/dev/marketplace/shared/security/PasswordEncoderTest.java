package dev.marketplace.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * The tests run with a cheap bcrypt cost (server/src/test/resources/config/application.yaml); this pins what
 * production gets: Spring Security's delegating encoder at bcrypt's default cost 10, and no setting in the packaged
 * configuration that would change it.
 */
class PasswordEncoderTest {

    @Test
    void productionHashesWithBcryptCost10() throws IOException {
        assertThat(SecurityConfig.DEFAULT_BCRYPT_STRENGTH).isEqualTo(10);
        PasswordEncoder production = SecurityConfig.encoder(SecurityConfig.DEFAULT_BCRYPT_STRENGTH);
        String hash = production.encode("a password");
        assertThat(hash).startsWith("{bcrypt}$2a$10$");
        assertThat(production.matches("a password", hash)).isTrue();
        assertThat(production.matches("another password", hash)).isFalse();
        try (InputStream packaged = SecurityConfig.class.getResourceAsStream("/application.yaml")) {
            assertThat(packaged).as("the packaged application.yaml").isNotNull();
            assertThat(new String(packaged.readAllBytes(), StandardCharsets.UTF_8))
                    .doesNotContain("bcrypt-strength");
        }
    }

    @Test
    void theProdProfileRefusesACheaperCost() {
        var prod = new MockEnvironment();
        prod.setActiveProfiles("prod");
        assertThatThrownBy(() -> new SecurityConfig().passwordEncoder(4, prod))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bcrypt-strength=4 is for tests only");
        assertThat(new SecurityConfig().passwordEncoder(12, prod).encode("a password"))
                .startsWith("{bcrypt}$2a$12$");
        assertThat(new SecurityConfig()
                        .passwordEncoder(4, new MockEnvironment())
                        .encode("a password"))
                .startsWith("{bcrypt}$2a$04$");
    }

    @Test
    void theTestCostHashesTheSameWayAndReadsProductionHashes() {
        PasswordEncoder test = SecurityConfig.encoder(4);
        String hash = test.encode("a password");
        assertThat(hash).startsWith("{bcrypt}$2a$04$");
        assertThat(test.matches("a password", hash)).isTrue();
        assertThat(test.matches("another password", hash)).isFalse();
        String production =
                SecurityConfig.encoder(SecurityConfig.DEFAULT_BCRYPT_STRENGTH).encode("a password");
        assertThat(test.matches("a password", production)).isTrue();
    }

    @Test
    void anotherCostReadsEveryFormatTheDefaultEncoderReadsAndUpgradesThem() {
        PasswordEncoder test = SecurityConfig.encoder(4);
        String pbkdf2 = "{pbkdf2@SpringSecurity_v5_8}"
                + Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode("a password");
        assertThat(test.matches("a password", pbkdf2)).isTrue();
        assertThat(test.matches("another password", pbkdf2)).isFalse();
        assertThat(test.upgradeEncoding(pbkdf2)).isTrue();
        assertThat(test.upgradeEncoding(test.encode("a password"))).isFalse();
        assertThatThrownBy(() -> test.matches("a password", "{unknown}x")).isInstanceOf(IllegalArgumentException.class);
    }
}
