package dev.marketplace.user;

import dev.marketplace.api.model.User;
import dev.marketplace.api.model.UserRole;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.mapstruct.Mapper;

/** Account entity → the API's User DTO (no password hash, no deletion marker). */
@Mapper
interface UserMapper {

    User toDto(Account account);

    default UserRole role(String role) {
        return UserRole.fromValue(role);
    }

    default OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
