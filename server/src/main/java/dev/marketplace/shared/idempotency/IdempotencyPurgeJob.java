package dev.marketplace.shared.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Deletes idempotency keys older than {@code marketplace.idempotency.retention}, every purge interval. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(IdempotencyProperties.class)
class IdempotencyPurgeJob {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurgeJob.class);

    private final IdempotencyService service;

    IdempotencyPurgeJob(IdempotencyService service) {
        this.service = service;
    }

    @Scheduled(
            fixedDelayString = "${marketplace.idempotency.purge-interval}",
            initialDelayString = "${marketplace.idempotency.purge-interval}")
    void purge() {
        try {
            int purged = service.purgeExpired();
            if (purged > 0) {
                log.info("Purged {} expired idempotency keys", purged);
            }
        } catch (RuntimeException e) {
            log.warn("Could not purge idempotency keys: {}", e.getClass().getSimpleName());
        }
    }
}
