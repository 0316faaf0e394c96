package dev.marketplace.item;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The CSV export ({@code marketplace.exports.*}).
 *
 * @param chunkSize              rows read per short read-only transaction; the pooled connection is returned before
 *                               the rows are written to the client ({@code MARKETPLACE_EXPORTS_CHUNK_SIZE})
 * @param chunkTimeout           longest one chunk's query may take ({@code MARKETPLACE_EXPORTS_CHUNK_TIMEOUT})
 * @param maxConcurrentReads     chunks read at once by all exports together: exports never take more of the
 *                               connection pool than this, however many run ({@code MARKETPLACE_EXPORTS_MAX_CONCURRENT_READS})
 * @param maxConcurrentPerClient exports one client (token subject, else client IP) may run at once; one more is a
 *                               {@code 429 too_many_exports} ({@code MARKETPLACE_EXPORTS_MAX_CONCURRENT_PER_CLIENT})
 * @param maxConcurrent          exports this instance runs at once, all clients together; one more is a {@code 503}
 *                               ({@code MARKETPLACE_EXPORTS_MAX_CONCURRENT})
 * @param retryAfter             the {@code Retry-After} of both refusals ({@code MARKETPLACE_EXPORTS_RETRY_AFTER})
 */
@Validated
@ConfigurationProperties("marketplace.exports")
public record ItemExportProperties(
        @Min(1) @Max(10_000) @DefaultValue("500") int chunkSize,
        @NotNull @DefaultValue("30s") Duration chunkTimeout,
        @Min(1) @Max(1_000) @DefaultValue("2") int maxConcurrentReads,
        @Min(1) @Max(1_000) @DefaultValue("2") int maxConcurrentPerClient,
        @Min(1) @Max(100_000) @DefaultValue("32") int maxConcurrent,
        @NotNull @DefaultValue("10s") Duration retryAfter) {}
