package dev.marketplace.version;

import dev.marketplace.api.model.ItemDto;
import dev.marketplace.api.model.UserDto;
import dev.marketplace.api.model.V1ItemDto;
import dev.marketplace.api.model.V1UserDto;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

/** v2 DTOs → the frozen v1 shapes (v1 has no entities of its own: it reads through the v2 services). */
@Mapper
interface V1Mapper {

    V1ItemDto toV1(ItemDto item);

    /** Only active accounts are listed, so {@code is_active} is always true. */
    @Mapping(target = "username", source = "displayName")
    @Mapping(target = "isActive", constant = "true")
    V1UserDto toV1(UserDto user);
}
