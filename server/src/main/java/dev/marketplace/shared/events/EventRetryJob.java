package dev.marketplace.shared.events;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Retries event handlers that failed: every {@code marketplace.events.retry-interval} the publications
 * still incomplete after {@code marketplace.events.retry-after} are handed to their listeners again.
 * Together with Modulith's republish-on-restart this makes handling at-least-once: a publication stays
 * in {@code event_publication} until its listener succeeds.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(EventProperties.class)
public class EventRetryJob {

    private static final Logger log = LoggerFactory.getLogger(EventRetryJob.class);

    private final IncompleteEventPublications incomplete;
    private final Duration retryAfter;

    EventRetryJob(IncompleteEventPublications incomplete, EventProperties properties) {
        this.incomplete = incomplete;
        this.retryAfter = properties.retryAfter();
    }

    @Scheduled(fixedDelayString = "${marketplace.events.retry-interval}", initialDelayString = "${marketplace.events.retry-interval}")
    public void retryIncomplete() {
        try {
            incomplete.resubmitIncompletePublicationsOlderThan(retryAfter);
        } catch (RuntimeException e) {
            // The database may be briefly unavailable; the next run tries again.
            log.warn("Could not resubmit incomplete event publications: {}", e.getClass().getSimpleName());
        }
    }
}
