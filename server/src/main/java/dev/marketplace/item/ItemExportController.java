package dev.marketplace.item;

import dev.marketplace.api.ExportsApi;
import dev.marketplace.api.model.ItemSort;
import dev.marketplace.api.model.ItemStatus;
import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.security.CurrentActor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/v2/items/export}: the body is written after this method returns, on MVC's async executor
 * (virtual threads), inside the export service's read-only transaction.
 */
@RestController
class ItemExportController implements ExportsApi {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final ItemExportService exports;
    private final Clock clock;
    private final CurrentActor actor;

    ItemExportController(ItemExportService exports, Clock clock, CurrentActor actor) {
        this.exports = exports;
        this.clock = clock;
        this.actor = actor;
    }

    /**
     * Mapped here without the generated {@code produces}: otherwise a request whose {@code Accept} excludes CSV
     * would fall through to {@code GET /api/v2/items/{item_id}} and get a puzzling "item_id must be a UUID".
     */
    @Override
    @GetMapping(ExportsApi.PATH_EXPORT_ITEMS)
    public ResponseEntity<StreamingResponseBody> exportItems(String q, ItemStatus status, String minPrice, String maxPrice,
            ItemSort sort) {
        requireCsvAcceptable();
        ItemQuery query = new ItemQuery(0, null, q, status, minPrice, maxPrice, sort == null ? ItemSort.CREATED_AT_DESC : sort,
                actor.optional());
        String filename = "items-" + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) + ".csv";
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .cacheControl(CacheControl.noStore())
                .body(out -> exports.writeCsv(query, out));
    }

    private static void requireCsvAcceptable() {
        String accept = RequestContextHolder.currentRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getHeader(HttpHeaders.ACCEPT) : null;
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
        return new ApiException(ProblemType.NOT_ACCEPTABLE, "Acceptable representations: text/csv, application/problem+json.");
    }
}
