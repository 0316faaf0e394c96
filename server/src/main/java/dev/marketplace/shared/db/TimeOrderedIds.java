package dev.marketplace.shared.db;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Version 7 UUIDs (RFC 9562 §5.7): 48 bits of Unix time in milliseconds, then 74 random bits. Ids of rows in tables
 * that grow (items, orders) take them so that a new row's primary-key entry lands at the right edge of the B-tree
 * index instead of on a random leaf page: with random (version 4) ids, once the index no longer stays in PostgreSQL's
 * buffers every insert reads and dirties another leaf page, and after each checkpoint writes it whole to the WAL.
 * Measured in issue 11: creates fell by a third from 100,000 to 1,000,000 rows with random ids.
 *
 * <p>The ids stay unguessable (74 bits from {@link SecureRandom}); they reveal their creation time to the
 * millisecond, which the resources already show as {@code created_at}.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {}

    /** A version 7 UUID for the current time of {@code clock}. */
    public static UUID next(Clock clock) {
        return of(clock.millis());
    }

    static UUID of(long unixMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long high = (unixMillis & 0xFFFF_FFFF_FFFFL) << 16 // unix_ts_ms: 48 bits
                | 0x7000L // version 7
                | ((random[0] & 0x0FL) << 8 | (random[1] & 0xFFL)); // rand_a: 12 bits
        long low = 0x8000_0000_0000_0000L; // variant 10
        for (int i = 2; i < 10; i++) {
            low |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        low &= 0xBFFF_FFFF_FFFF_FFFFL; // keep the variant bits 10 (rand_b: 62 bits)
        return new UUID(high, low);
    }
}
