package dev.marketplace.shared.web;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP limits ({@code marketplace.http.*}).
 *
 * @param maxBodySize largest accepted non-multipart request body ({@code MARKETPLACE_HTTP_MAX_BODY_SIZE})
 */
@Validated
@ConfigurationProperties("marketplace.http")
public record HttpProperties(@NotNull @DefaultValue("64KB") DataSize maxBodySize) {
}
