package dev.marketplace.image;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Item images ({@code marketplace.images.*}).
 *
 * @param dir        where image files are stored, one sub-directory per item ({@code MARKETPLACE_IMAGES_DIR})
 * @param maxSize    largest accepted image file; the multipart limits follow it ({@code MARKETPLACE_IMAGES_MAX_SIZE})
 * @param maxPerItem most images one item may have ({@code MARKETPLACE_IMAGES_MAX_PER_ITEM})
 */
@Validated
@ConfigurationProperties("marketplace.images")
public record ImageProperties(
        @NotNull @DefaultValue("./data/images") Path dir,
        @NotNull @DefaultValue("5MB") DataSize maxSize,
        @Min(1) @Max(100) @DefaultValue("10") int maxPerItem) {}
