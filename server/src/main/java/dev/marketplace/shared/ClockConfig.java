package dev.marketplace.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfig {

    /**
     * UTC, ticking in whole microseconds: exactly the precision PostgreSQL stores, so every timestamp the
     * application takes round-trips through the database unchanged (no per-call truncation needed).
     */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.of(1, ChronoUnit.MICROS));
    }
}
