package dev.marketplace.item;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.RawHttpSocket;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code GET /api/v2/items/export}: headers, RFC 4180 quoting, the formula guard and the list's filters, over HTTP. */
@ExtendWith(OutputCaptureExtension.class)
class ItemExportIntegrationTest extends ApiIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ItemExportSlots slots;

    private static final List<String> HEADER =
            List.of("id", "owner_id", "name", "description", "price", "currency", "status", "created_at", "updated_at");

    ApiClient owner;
    /** A word only this test's items contain, so q= isolates them from the rest of the shared database. */
    String tag;

    @BeforeEach
    void setUp() {
        owner = anonymous.withToken(seller().accessToken());
        tag = "exp" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Test
    void theExportIsAnAttachedUtf8CsvWithAHeaderRow() {
        Response response = anonymous.get("/api/v2/items/export?q=" + tag);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualToIgnoringCase("text/csv;charset=UTF-8");
        assertThat(response.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"items-" + LocalDate.now(ZoneOffset.UTC) + ".csv\"");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.body()).isEqualTo(String.join(",", HEADER) + "\r\n");
    }

    @Test
    void fieldsAreQuotedPerRfc4180AndFormulasAreNeutralised() {
        String quoted =
                create(tag + " lamp, brass \"deluxe\"", "line one\r\nline two\nline three", "49.9", "EUR", "active");
        String formula = create("=HYPERLINK(\"http://evil.example\") " + tag, "+SUM(A1:A9)", "3000", "JPY", "draft");
        String others = create("-5 " + tag, "@cmd", "0.5", "USD", "archived");
        String tab = create("\tTabbed " + tag, null, "1", "BHD", "active");
        String unicode = create("Stühle ✓ " + tag, "née", "12", "EUR", "active");

        // The owner's export: it includes the draft (an anonymous one would not, see DraftVisibilityIntegrationTest).
        List<List<String>> rows =
                parse(owner.get("/api/v2/items/export?sort=created_at&q=" + tag).body());

        assertThat(rows.getFirst()).isEqualTo(HEADER);
        assertThat(rows).hasSize(6);
        List<String> first = rows.get(1);
        assertThat(first.get(0)).isEqualTo(quoted);
        assertThat(first.get(1)).isEqualTo(seller().id());
        assertThat(first.get(2)).isEqualTo(tag + " lamp, brass \"deluxe\"");
        assertThat(first.get(3)).isEqualTo("line one\r\nline two\nline three");
        assertThat(first.subList(4, 7)).containsExactly("49.90", "EUR", "active");
        assertThat(first.get(7)).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
        assertThat(rows.get(2))
                .containsSubsequence(
                        formula, "'=HYPERLINK(\"http://evil.example\") " + tag, "'+SUM(A1:A9)", "3000", "JPY", "draft");
        assertThat(rows.get(3)).containsSubsequence(others, "'-5 " + tag, "'@cmd", "0.50", "USD", "archived");
        assertThat(rows.get(4)).containsSubsequence(tab, "'\tTabbed " + tag, "", "1.000", "BHD");
        assertThat(rows.get(5)).containsSubsequence(unicode, "Stühle ✓ " + tag, "née");
    }

    @Test
    void theListFiltersAndSortApply() {
        String cheap = create("cheap " + tag, null, "5", "EUR", "active");
        String middle = create("middle " + tag, null, "50", "EUR", "active");
        String dear = create("dear " + tag, null, "500", "EUR", "active");
        create("draft " + tag, null, "60", "EUR", "draft");

        assertThat(ids("?q=" + tag + "&status=active&sort=price")).containsExactly(cheap, middle, dear);
        assertThat(ids("?q=" + tag + "&status=active&sort=-price")).containsExactly(dear, middle, cheap);
        assertThat(ids("?q=" + tag + "&min_price=10&max_price=100&sort=price"))
                .hasSize(2)
                .first()
                .isEqualTo(middle);
        assertThat(ids("?q=" + tag + "&status=draft")).hasSize(1);
        assertThat(ids("?q=" + tag))
                .as("newest first by default")
                .hasSize(4)
                .last()
                .isEqualTo(cheap);
    }

    @Test
    void invalidFiltersAreValidationProblems() {
        assertValidationError(anonymous.get("/api/v2/items/export?min_price=abc"), "min_price", "pattern");
        assertValidationError(anonymous.get("/api/v2/items/export?status=sold"), "status", "type");
        assertValidationError(anonymous.get("/api/v2/items/export?q="), "q", "length");
    }

    @Test
    void onlyCsvCanBeProduced() {
        problem(
                anonymous.send("GET", "/api/v2/items/export", null, null, Map.of("Accept", "application/json")),
                406,
                "not_acceptable");
        assertThat(anonymous
                        .send("GET", "/api/v2/items/export?q=" + tag, null, null, Map.of("Accept", "text/csv"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theExportPathIsNotMistakenForAnItemId() {
        assertThat(anonymous.get("/api/v2/items/export?q=" + tag).header("Content-Type"))
                .startsWith("text/csv");
        assertValidationError(anonymous.get("/api/v2/items/exports"), "item_id", "type");
    }

    @Test
    void aDownloadCancelledHalfwayIsNotAnError(CapturedOutput output) throws Exception {
        // Enough rows (~8 MB of CSV) that the server is still writing when the client hangs up; dated 1990 and
        // deleted afterwards so the other suites' lists do not see them.
        jdbc.update("""
                INSERT INTO items (id, owner_id, name, description, price, currency, status, created_at, updated_at, version)
                SELECT gen_random_uuid(), 'export-test', ? || ' item ' || n, repeat('x', 100), 1, 'EUR', 'active',
                       timestamptz '1990-01-01' + n * interval '1 second', timestamptz '1990-01-01', 0
                FROM generate_series(1, 40000) AS n""", tag);
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/items/export?q=" + tag))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                assertThat(body.readNBytes(64 * 1024)).hasSize(64 * 1024);
            }
            http.close();
            Thread.sleep(1500);
            assertThat(anonymous
                            .get("/api/v2/items/export?q=" + tag + "&max_price=0")
                            .status())
                    .as("the server carries on")
                    .isEqualTo(200);
            assertThat(output.getAll()).doesNotContain("Unhandled error");
        } finally {
            jdbc.update("DELETE FROM items WHERE owner_id = 'export-test'");
        }
    }

    @Test
    void aClientRunsAtMostTwoExportsAtOnceTheNextIsA429WithRetryAfter() throws Exception {
        seedBulkRows(40_000); // ~8 MB of CSV: more than the socket buffers hold, so an unread export stays open
        String accessToken = accounts.session("buyer").accessToken();
        ApiClient exporter = anonymous.withToken(accessToken);
        String authorization = "Authorization: Bearer " + accessToken + "\r\n";
        List<RawHttpSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                RawHttpSocket socket = RawHttpSocket.open(port, 4096);
                held.add(socket);
                socket.send("GET /api/v2/items/export?q=" + tag + " HTTP/1.1\r\nHost: localhost\r\n" + authorization
                        + "Connection: close\r\n\r\n");
                assertThat(socket.readHead(10_000)).startsWith("HTTP/1.1 200");
            }

            Response third = exporter.get("/api/v2/items/export?q=" + tag + "&max_price=0");

            problem(third, 429, "too_many_exports");
            assertThat(third.header("Retry-After")).isEqualTo("10");
            assertThat(owner.get("/api/v2/items/export?q=" + tag + "&max_price=0")
                            .status())
                    .as("another client is not limited")
                    .isEqualTo(200);
        } finally {
            held.forEach(RawHttpSocket::close);
            deleteBulkRows();
        }
        // A hung-up download gives its slot back.
        long deadline = System.nanoTime() + 15_000_000_000L;
        int status;
        do {
            Thread.sleep(200);
            status = exporter.get("/api/v2/items/export?q=" + tag + "&max_price=0")
                    .status();
        } while (status != 200 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(200);
    }

    @Test
    void whenTheInstanceRunsAsManyExportsAsAllowedTheNextIsA503WithRetryAfter() {
        List<ItemExportSlots.Lease> taken = new ArrayList<>();
        try {
            ItemExportSlots.Outcome outcome;
            int i = 0;
            while ((outcome = slots.tryAcquire("test-client-" + i++)) instanceof ItemExportSlots.Lease lease) {
                taken.add(lease);
            }
            assertThat(((ItemExportSlots.Refused) outcome).perClient()).isFalse();
            assertThat(slots.running()).as("marketplace.exports.max-concurrent").isEqualTo(32);

            Response refused = anonymous.get("/api/v2/items/export?q=" + tag);

            problem(refused, 503, "service_unavailable");
            assertThat(refused.header("Retry-After")).isEqualTo("10");
        } finally {
            taken.forEach(ItemExportSlots.Lease::close);
        }
        assertThat(anonymous.get("/api/v2/items/export?q=" + tag).status()).isEqualTo(200);
    }

    @Test
    void manyChunksWithTiedSortKeysGiveEveryRowOnceInOrder() {
        // 1,234 rows over 3 chunks of 500; groups of 10 share created_at and 7 prices repeat, so chunk boundaries
        // fall inside runs of equal sort keys and only the id tie-break keeps the keyset exact.
        jdbc.update("""
                INSERT INTO items (id, owner_id, name, description, price, currency, status, created_at, updated_at, version)
                SELECT gen_random_uuid(), 'export-test', ? || ' item ' || n, NULL, 1 + n % 7, 'EUR', 'active',
                       timestamptz '1990-01-01' + (n / 10) * interval '1 second', timestamptz '1990-01-01', 0
                FROM generate_series(1, 1234) AS n""", tag);
        try {
            for (String[] sort : new String[][] {
                {"price", "price ASC, id ASC"},
                {"-price", "price DESC, id DESC"},
                {"created_at", "created_at ASC, id ASC"},
                {"-created_at", "created_at DESC, id DESC"}
            }) {
                List<String> expected = jdbc.queryForList(
                        "SELECT id::text FROM items WHERE owner_id = 'export-test' ORDER BY " + sort[1], String.class);
                assertThat(ids("?q=" + tag + "&sort=" + sort[0]))
                        .as("sort=" + sort[0])
                        .hasSize(1234)
                        .containsExactlyElementsOf(expected);
            }
        } finally {
            deleteBulkRows();
        }
    }

    private void seedBulkRows(int rows) {
        jdbc.update("""
                INSERT INTO items (id, owner_id, name, description, price, currency, status, created_at, updated_at, version)
                SELECT gen_random_uuid(), 'export-test', ? || ' item ' || n, repeat('x', 100), 1, 'EUR', 'active',
                       timestamptz '1990-01-01' + n * interval '1 second', timestamptz '1990-01-01', 0
                FROM generate_series(1, ?) AS n""", tag, rows);
    }

    private void deleteBulkRows() {
        jdbc.update("DELETE FROM items WHERE owner_id = 'export-test'");
    }

    private List<String> ids(String query) {
        List<List<String>> rows =
                parse(owner.get("/api/v2/items/export" + query).body());
        return rows.subList(1, rows.size()).stream().map(List::getFirst).toList();
    }

    private String create(String name, String description, String price, String currency, String status) {
        String body = JSON.createObjectNode()
                .put("name", name)
                .put("description", description)
                .put("price", price)
                .put("currency", currency)
                .put("status", status)
                .toString();
        Response created = owner.post("/api/v2/items", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }

    /** A strict RFC 4180 reader: CRLF between records, quoted fields may hold anything, "" is a quote. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (i < csv.length()) {
            char c = csv.charAt(i);
            if (c == '"' && field.isEmpty()) {
                i++;
                while (true) {
                    char q = csv.charAt(i++);
                    if (q == '"') {
                        if (i < csv.length() && csv.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(q);
                    }
                }
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                i++;
            } else if (c == '\r') {
                assertThat(csv.charAt(i + 1))
                        .as("CR only as part of CRLF outside quotes")
                        .isEqualTo('\n');
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i += 2;
            } else {
                assertThat(c).as("no bare LF or quote outside quoted fields").isNotIn('\n', '"');
                field.append(c);
                i++;
            }
        }
        assertThat(row).as("the last record ends with CRLF").isEmpty();
        return rows;
    }
}
