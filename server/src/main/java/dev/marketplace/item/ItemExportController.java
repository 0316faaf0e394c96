package dev.marketplace.item;

import dev.marketplace.api.ExportsApi;
import dev.marketplace.api.model.ItemSortDto;
import dev.marketplace.api.model.ItemStatusDto;
import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.security.CurrentActor;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/v2/items/export}: the body is written after this method returns, on MVC's async executor
 * (virtual threads), in keyset chunks that each take a pooled connection only while they are read
 * ({@link ItemExportService}). Each export holds a slot ({@link ItemExportSlots}) until it ends for any reason.
 */
@RestController
class ItemExportController implements ExportsApi {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final ItemExportService exports;
    private final ItemExportSlots slots;
    private final ItemExportProperties properties;
    private final Clock clock;
    private final CurrentActor actor;

    ItemExportController(
            ItemExportService exports,
            ItemExportSlots slots,
            ItemExportProperties properties,
            Clock clock,
            CurrentActor actor) {
        this.exports = exports;
        this.slots = slots;
        this.properties = properties;
        this.clock = clock;
        this.actor = actor;
    }

    /**
     * Mapped here without the generated {@code produces}: otherwise a request whose {@code Accept} excludes CSV
     * would fall through to {@code GET /api/v2/items/{item_id}} and get a puzzling "item_id must be a UUID".
     */
    @Override
    @GetMapping(ExportsApi.PATH_EXPORT_ITEMS)
    public ResponseEntity<StreamingResponseBody> exportItems(
            String q, ItemStatusDto status, String minPrice, String maxPrice, ItemSortDto sort) {
        requireCsvAcceptable();
        ItemQuery query = new ItemQuery(
                0,
                null,
                q,
                status,
                minPrice,
                maxPrice,
                sort == null ? ItemSortDto.CREATED_AT_DESC : sort,
                actor.optional());
        String filename = "items-" + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) + ".csv";
        ItemExportSlots.Lease lease = acquireSlot(query);
        // Released when the body is written, and in any case when async processing ends (error, timeout, hang-up).
        WebAsyncUtils.getAsyncManager(currentRequest())
                .registerCallableInterceptor(ItemExportSlots.class.getName(), new CallableProcessingInterceptor() {
                    @Override
                    public <T> void afterCompletion(NativeWebRequest request, Callable<T> task) {
                        lease.close();
                    }
                });
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(filename)
                                .build()
                                .toString())
                .cacheControl(CacheControl.noStore())
                .body(out -> {
                    try (lease) {
                        exports.writeCsv(query, out);
                    }
                });
    }

    /** A slot for the caller (its token subject, else its client IP), or a 429 / 503 problem with Retry-After. */
    private ItemExportSlots.Lease acquireSlot(ItemQuery query) {
        HttpServletRequest request = currentRequest();
        String client = query.viewer()
                .map(viewer -> "sub:" + viewer.subject())
                .orElseGet(() -> "ip:" + request.getRemoteAddr());
        ItemExportSlots.Outcome outcome = slots.tryAcquire(client);
        if (outcome instanceof ItemExportSlots.Lease lease) {
            return lease;
        }
        long retryAfter = Math.max(1, properties.retryAfter().toSeconds());
        if (RequestContextHolder.currentRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getResponse() != null) {
            attributes.getResponse().setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        }
        if (((ItemExportSlots.Refused) outcome).perClient()) {
            throw new ApiException(
                    ProblemType.TOO_MANY_EXPORTS,
                    "At most " + properties.maxConcurrentPerClient()
                            + " exports per client may run at once; retry after " + retryAfter
                            + " s, when one has finished.");
        }
        throw new ApiException(
                ProblemType.SERVICE_UNAVAILABLE,
                "The server is running as many exports as it allows; retry after " + retryAfter + " s.");
    }

    private static HttpServletRequest currentRequest() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    }

    private static void requireCsvAcceptable() {
        String accept = RequestContextHolder.currentRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getHeader(HttpHeaders.ACCEPT)
                : null;
        if (accept == null || accept.isBlank()) {
            return;
        }
        List<MediaType> acceptable;
        try {
            acceptable = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw notAcceptable();
        }
        if (acceptable.stream().noneMatch(type -> type.isCompatibleWith(CSV))) {
            throw notAcceptable();
        }
    }

    private static ApiException notAcceptable() {
        return new ApiException(
                ProblemType.NOT_ACCEPTABLE, "Acceptable representations: text/csv, application/problem+json.");
    }
}
