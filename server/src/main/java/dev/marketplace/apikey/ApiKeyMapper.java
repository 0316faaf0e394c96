package dev.marketplace.apikey;

import dev.marketplace.api.model.ApiKeyDto;
import dev.marketplace.api.model.ApiKeyScopeDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.mapstruct.Mapper;
import org.openapitools.jackson.nullable.JsonNullable;

/** Entity → generated DTO: never the hash, only the prefix the partner recognises the key by. */
@Mapper
interface ApiKeyMapper {

    ApiKeyDto toDto(ApiKey key);

    /** Stored space-separated and sorted. */
    default List<ApiKeyScopeDto> scopes(String scopes) {
        return Arrays.stream(scopes.split(" ")).map(ApiKeyScopeDto::fromValue).toList();
    }

    default OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Never used / not revoked: an explicit {@code null}, as the spec documents. */
    default JsonNullable<OffsetDateTime> utcOrNull(Instant instant) {
        return JsonNullable.of(instant == null ? null : utc(instant));
    }
}
