package dev.marketplace.shared.web;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP limits ({@code marketplace.http.*}). The limit on the request line plus headers is Tomcat's
 * {@code server.max-http-request-header-size}; see {@link ProblemErrorReportValve}.
 *
 * @param maxBodySize  largest accepted non-multipart request body ({@code MARKETPLACE_HTTP_MAX_BODY_SIZE})
 * @param maxUriLength longest accepted request URI, path plus query ({@code MARKETPLACE_HTTP_MAX_URI_LENGTH})
 */
@Validated
@ConfigurationProperties("marketplace.http")
public record HttpProperties(
        @NotNull @DefaultValue("64KB") DataSize maxBodySize,
        @NotNull @DefaultValue("4KB") DataSize maxUriLength) {}
