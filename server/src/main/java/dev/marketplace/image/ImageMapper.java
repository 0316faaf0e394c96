package dev.marketplace.image;

import dev.marketplace.api.model.ImageContentTypeDto;
import dev.marketplace.api.model.ImageDto;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

/** Entity → generated DTO; the URL is where {@code getItemImage} serves the bytes. */
@Mapper
interface ImageMapper {

    @Mapping(target = "url", expression = "java(url(image))")
    ImageDto toDto(ItemImage image);

    default String url(ItemImage image) {
        return "/api/v2/items/" + image.getItemId() + "/images/" + image.getId();
    }

    default ImageContentTypeDto contentType(String mediaType) {
        return ImageContentTypeDto.fromValue(mediaType);
    }

    default OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
