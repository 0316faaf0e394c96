package dev.marketplace.user;

import dev.marketplace.api.model.UserDto;
import dev.marketplace.api.model.UserRoleDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.mapstruct.Mapper;

/** User entity → the API's UserDto (no password hash, no deletion marker). */
@Mapper
interface UserMapper {

    UserDto toDto(User account);

    default UserRoleDto role(String role) {
        return UserRoleDto.fromValue(role);
    }

    default OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
