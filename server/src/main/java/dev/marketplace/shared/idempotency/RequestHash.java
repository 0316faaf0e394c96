package dev.marketplace.shared.idempotency;

import dev.marketplace.shared.security.SecretTokens;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fingerprint a stored idempotency key is compared with: SHA-256 of the method, the path and the
 * canonical JSON body (object properties sorted, insignificant whitespace dropped), so that a retry that
 * serialises the same body differently still matches. A body that is not JSON is hashed as sent.
 */
public final class RequestHash {

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private RequestHash() {}

    public static String of(String method, String path, byte[] body) {
        return SecretTokens.hash(method + ' ' + path + '\n' + canonical(body));
    }

    static String canonical(byte[] body) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.readValue(body, Object.class));
        } catch (JacksonException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
