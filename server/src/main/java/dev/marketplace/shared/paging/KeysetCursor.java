package dev.marketplace.shared.paging;

import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Position after the last row of a keyset page: the sort it belongs to, that row's sort key and id.
 * Opaque to clients (base64url); a cursor used with another sort, or tampered with, is a {@code 400}.
 */
public record KeysetCursor(String sort, String key, UUID id) {

    public String encode() {
        String raw = sort + '\n' + key + '\n' + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static KeysetCursor decode(String cursor, String expectedSort) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\n", -1);
            if (parts.length != 3 || parts[1].isEmpty()) {
                throw invalid();
            }
            if (!parts[0].equals(expectedSort)) {
                throw new ApiException(
                        ProblemType.INVALID_CURSOR,
                        "This cursor belongs to sort=" + parts[0] + "; use the same sort for every page.");
            }
            return new KeysetCursor(parts[0], parts[1], UUID.fromString(parts[2]));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return new ApiException(
                ProblemType.INVALID_CURSOR, "The cursor is not one this API issued; start again without a cursor.");
    }
}
