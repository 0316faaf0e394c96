package dev.marketplace.shared.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeysetCursorTest {

    @Test
    void roundTripsThroughItsOpaqueForm() {
        KeysetCursor cursor = new KeysetCursor("-created_at", "2026-01-15T09:30:00.123456Z", UUID.randomUUID());

        String encoded = cursor.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(KeysetCursor.decode(encoded, "-created_at")).isEqualTo(cursor);
    }

    @Test
    void refusesACursorIssuedForAnotherSort() {
        String encoded = new KeysetCursor("price", "10.0000", UUID.randomUUID()).encode();

        assertThatThrownBy(() -> KeysetCursor.decode(encoded, "-created_at"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_CURSOR))
                .hasMessageContaining("sort=price");
    }

    @Test
    void refusesGarbageAndTamperedCursors() {
        for (String bad : new String[] {"!!!", "bm90LWEtY3Vyc29y", "cHJpY2UKCjEyMw"}) {
            assertThatThrownBy(() -> KeysetCursor.decode(bad, "price"))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_CURSOR));
        }
    }
}
