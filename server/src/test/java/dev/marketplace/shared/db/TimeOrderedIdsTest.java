package dev.marketplace.shared.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void isAVersion7UuidCarryingTheClocksMillisecond() {
        Instant at = Instant.parse("2026-12-06T12:40:00.123456Z");
        UUID id = TimeOrderedIds.next(Clock.fixed(at, ZoneOffset.UTC));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
        // The canonical text starts with the millisecond in hex, so text order is time order too.
        assertThat(id.toString().replace("-", "")).startsWith(String.format("%012x", at.toEpochMilli()));
    }

    @Test
    void laterMillisecondsSortAfterEarlierOnesAsPostgresComparesUuids() {
        List<String> ids = new ArrayList<>();
        for (long ms = 1_700_000_000_000L; ms < 1_700_000_000_000L + 50; ms++) {
            ids.add(TimeOrderedIds.of(ms).toString());
        }
        // PostgreSQL orders uuid values bytewise, i.e. as their canonical lower-case text.
        assertThat(ids).isSorted();
    }

    @Test
    void idsOfTheSameMillisecondDifferInTheirRandomBits() {
        var seen = new HashSet<UUID>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = TimeOrderedIds.of(1_700_000_000_000L);
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }
}
