package dev.marketplace.shared.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Idempotency keys (Stripe semantics), per principal: {@link #begin} claims a key in its own short
 * transaction before the business transaction runs; {@link #completeWithRequest} stores the response to replay in
 * the business transaction (or {@link #complete} in its own after a refused request rolled back; 2xx and 4xx
 * alike); {@link #release} forgets the key after a server error so that the client can retry.
 */
@Service
public class IdempotencyService {

    /** What to do with a request that carries an idempotency key. */
    public sealed interface Decision {}

    /** The key is new (or an abandoned attempt was taken over): run the request, then complete or release. */
    public record Proceed() implements Decision {}

    /** A request with this key is still running. */
    public record InProgress() implements Decision {}

    /** The key was used with a different request. */
    public record Mismatch() implements Decision {}

    /** The key was used with this request before: answer with the stored response. */
    public record Replay(int status, String contentType, String location, String body) implements Decision {}

    private final IdempotencyKeyRepository keys;
    private final Clock clock;
    private final Duration retention;
    private final Duration inProgressTimeout;

    IdempotencyService(IdempotencyKeyRepository keys, Clock clock, IdempotencyProperties properties) {
        this.keys = keys;
        this.clock = clock;
        this.retention = properties.retention();
        this.inProgressTimeout = properties.inProgressTimeout();
    }

    /** How long keys are kept; a request re-run within it must not repeat its effect. */
    public Duration retention() {
        return retention;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Decision begin(String principal, String key, String requestHash) {
        Instant now = now();
        if (keys.insertInProgress(principal, key, requestHash, now)) {
            return new Proceed();
        }
        IdempotencyKeyRepository.Row row = keys.find(principal, key).orElse(null);
        if (row == null || row.createdAt().isBefore(now.minus(retention))) {
            // Purged meanwhile, or expired and not purged yet: the key is free again.
            keys.delete(principal, key);
            return keys.insertInProgress(principal, key, requestHash, now) ? new Proceed() : new InProgress();
        }
        if (row.inProgress()) {
            boolean abandoned = row.createdAt().isBefore(now.minus(inProgressTimeout));
            if (abandoned && !row.requestHash().equals(requestHash)) {
                return new Mismatch();
            }
            return abandoned && keys.takeOver(principal, key, row.createdAt(), now) ? new Proceed() : new InProgress();
        }
        if (!row.requestHash().equals(requestHash)) {
            return new Mismatch();
        }
        return new Replay(row.responseStatus(), row.responseContentType(), row.responseLocation(), row.responseBody());
    }

    /**
     * Stores the response in the transaction of the request itself ({@link Propagation#MANDATORY}): the key is
     * completed exactly when the request's change commits, with no transaction of its own.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void completeWithRequest(
            String principal, String key, int status, String contentType, String location, String body) {
        keys.complete(principal, key, status, contentType, location, body, now());
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void complete(String principal, String key, int status, String contentType, String location, String body) {
        keys.complete(principal, key, status, contentType, location, body, now());
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void release(String principal, String key) {
        keys.delete(principal, key);
    }

    /** Deletes keys older than the retention; returns how many. */
    @Transactional
    public int purgeExpired() {
        return keys.deleteCreatedBefore(now().minus(retention));
    }

    private Instant now() {
        return clock.instant();
    }
}
