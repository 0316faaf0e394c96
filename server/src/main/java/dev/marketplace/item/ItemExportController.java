package dev.marketplace.item;

import dev.marketplace.api.ExportsApi;
import dev.marketplace.api.model.ItemSort;
import dev.marketplace.api.model.ItemStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
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

    ItemExportController(ItemExportService exports, Clock clock) {
        this.exports = exports;
        this.clock = clock;
    }

    @Override
    public ResponseEntity<StreamingResponseBody> exportItems(String q, ItemStatus status, String minPrice, String maxPrice,
            ItemSort sort) {
        ItemQuery query = new ItemQuery(0, null, q, status, minPrice, maxPrice, sort == null ? ItemSort.CREATED_AT_DESC : sort);
        String filename = "items-" + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) + ".csv";
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .cacheControl(CacheControl.noStore())
                .body(out -> exports.writeCsv(query, out));
    }
}
