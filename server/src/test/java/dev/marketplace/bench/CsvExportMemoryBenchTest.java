package dev.marketplace.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves the CSV export streams in constant memory: 1,000,000 items, the whole export downloaded over real HTTP
 * (bytes discarded), heap sampled after GC before and during the download. Not part of the default build:
 * {@code ./mvnw -pl server -am verify -Pbench -Dtest=CsvExportMemoryBenchTest -Dsurefire.failIfNoSpecifiedTests=false}
 * (runs with -Xmx384m). Writes its numbers to {@code bench/results/<date>/csv-export.md}.
 */
@Tag("bench")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "marketplace.rate-limit.enabled=false")
class CsvExportMemoryBenchTest {

    private static final int ROWS = 1_000_000;
    private static final long MAX_GROWTH = 64L * 1024 * 1024;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void exportingAMillionItemsKeepsTheHeapFlat() throws Exception {
        long seedStart = System.nanoTime();
        jdbc.update("DELETE FROM items");
        // Names with commas and quotes, every third description with a line break: the quoting path is exercised too.
        jdbc.update("""
                INSERT INTO items (id, owner_id, name, description, price, currency, status, created_at, updated_at, version)
                SELECT md5('csv-bench-' || n)::uuid, 'bench-owner', 'Item ' || n || ', "quoted"',
                       CASE WHEN n % 3 = 0 THEN E'two\\nlines' END, (n % 100000) / 100.0, 'EUR', 'active',
                       timestamptz '2026-01-01' + n * interval '1 second', timestamptz '2026-01-01' + n * interval '1 second', 0
                FROM generate_series(1, ?) AS n""", ROWS);
        jdbc.execute("ANALYZE items");
        Duration seeding = Duration.ofNanos(System.nanoTime() - seedStart);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM items", Long.class))
                .isEqualTo(ROWS);

        long baseline = heapAfterGc();
        AtomicLong peakRetained = new AtomicLong(baseline);
        AtomicLong peakUsed = new AtomicLong(MEMORY.getHeapMemoryUsage().getUsed());
        AtomicLong samples = new AtomicLong();
        AtomicBoolean downloading = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().name("heap-sampler").start(() -> {
            while (downloading.get()) {
                peakUsed.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                peakRetained.accumulateAndGet(heapAfterGc(), Math::max);
                samples.incrementAndGet();
                sleep(200);
            }
        });

        long start = System.nanoTime();
        long bytes = 0;
        long records = 0;
        int status;
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/items/export"))
                        .timeout(Duration.ofMinutes(20))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        status = response.statusCode();
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            boolean cr = false;
            for (int n; (n = body.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    // Records end with CRLF; line breaks inside descriptions are bare LF, so CRLF counts records.
                    if (buffer[i] == '\n' && cr) {
                        records++;
                    }
                    cr = buffer[i] == '\r';
                }
            }
        }
        Duration download = Duration.ofNanos(System.nanoTime() - start);
        downloading.set(false);
        sampler.join();
        long after = heapAfterGc();

        long growth = peakRetained.get() - baseline;
        report(seeding, download, bytes, records, baseline, peakRetained.get(), peakUsed.get(), after, samples.get());
        assertThat(status).isEqualTo(200);
        assertThat(records).as("header + one record per item").isEqualTo(ROWS + 1L);
        assertThat(growth)
                .as("heap retained during the export above the baseline")
                .isLessThan(MAX_GROWTH);
        assertThat(after - baseline).as("heap retained after the export").isLessThan(MAX_GROWTH);
    }

    private static long heapAfterGc() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void report(
            Duration seeding,
            Duration download,
            long bytes,
            long records,
            long baseline,
            long peakRetained,
            long peakUsed,
            long after,
            long samples)
            throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Path file = Path.of(
                        System.getProperty("basedir", "."), "..", "bench", "results", today.toString(), "csv-export.md")
                .normalize();
        Files.createDirectories(file.getParent());
        double seconds = download.toMillis() / 1000.0;
        String markdown = """
                # CSV export: memory with 1,000,000 items (%s)

                `CsvExportMemoryBenchTest` (`./mvnw -pl server -am verify -Pbench -Dtest=CsvExportMemoryBenchTest \
                -Dsurefire.failIfNoSpecifiedTests=false`): the server and the client in one JVM (`-Xmx384m`, virtual threads),
                embedded PostgreSQL, `GET /api/v2/items/export` over real HTTP with every byte read and discarded. Heap is
                measured with `MemoryMXBean` after `System.gc()`: once before, every 200 ms during the download (%d samples),
                and once after. Target: growth below 64 MB, %,d CSV records (header + items).

                | measure | value |
                |---|---|
                | rows seeded (`INSERT … SELECT generate_series`) | %,d in %.1f s |
                | CSV records received (CRLF-terminated) | %,d |
                | bytes received | %,d (%.1f MB) |
                | download time | %.1f s (%,.0f rows/s, %.1f MB/s) |
                | heap after GC, before | %.1f MB |
                | heap after GC, peak during the download | %.1f MB |
                | **growth during the download** | **%.1f MB** (limit 64 MB) |
                | heap after GC, after | %.1f MB |
                | heap used (no GC), peak during the download | %.1f MB (garbage included) |
                | max heap (`-Xmx`) | %.0f MB |

                Result: %s.
                """.formatted(
                        today,
                        samples,
                        ROWS + 1L,
                        ROWS,
                        seeding.toMillis() / 1000.0,
                        records,
                        bytes,
                        bytes / 1e6,
                        seconds,
                        ROWS / seconds,
                        bytes / 1e6 / seconds,
                        mb(baseline),
                        mb(peakRetained),
                        mb(peakRetained - baseline),
                        mb(after),
                        mb(peakUsed),
                        mb(Runtime.getRuntime().maxMemory()),
                        records == ROWS + 1L && peakRetained - baseline < MAX_GROWTH ? "met" : "missed");
        Files.writeString(file, markdown);
        System.out.println(markdown);
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
