package dev.marketplace.item;

import dev.marketplace.shared.paging.KeysetCursor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the items matching a query as CSV in keyset chunks: each chunk of {@code chunk-size} rows is read in
 * its own short read-only transaction, the pooled connection goes back to the pool, and only then are the rows
 * written to the client. A slow reader therefore holds a thread and one chunk of rows, never a database
 * connection or a transaction; memory stays flat for any row count. At most {@code max-concurrent-reads} chunks
 * are read at once by all exports together, so a burst of exports (each filling its socket buffers as fast as it
 * can) never takes more than that share of the pool from other requests.
 *
 * <p>Consistency (documented in the spec): each chunk is a snapshot of its own, the export as a whole is not.
 * Rows come in strict (sort key, id) order with no id twice as long as sort keys do not change during the
 * export; an item that exists, matches and keeps its sort key for the whole export is in it exactly once; one
 * created, deleted or changed meanwhile may or may not be, and is written as it was when its chunk was read.
 */
@Service
public class ItemExportService {

    private static final int BUFFER = 32 * 1024;

    private final ItemExportRepository rows;
    private final ItemExportProperties properties;
    private final TransactionTemplate chunkTransaction;
    private final Semaphore reads;

    ItemExportService(
            ItemExportRepository rows, ItemExportProperties properties, PlatformTransactionManager transactions) {
        this.rows = rows;
        this.properties = properties;
        this.chunkTransaction = new TransactionTemplate(transactions);
        this.chunkTransaction.setReadOnly(true);
        this.chunkTransaction.setTimeout(
                Math.toIntExact(Math.max(1, properties.chunkTimeout().toSeconds())));
        this.reads = new Semaphore(properties.maxConcurrentReads(), true);
    }

    /**
     * Writes the header and every matching item in the query's order (its limit and cursor are ignored).
     * Must not be called inside a transaction: it would hold that transaction's connection throughout.
     *
     * @return the number of items written
     */
    public long writeCsv(ItemQuery query, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
        CsvWriter csv = new CsvWriter(writer);
        csv.row(ItemCsvRow.HEADER);
        Specification<Item> matching = ItemSpecifications.matching(query);
        Sort order = ItemSpecifications.order(query.sort());
        int size = properties.chunkSize();
        long count = 0;
        ItemCsvRow last = null;
        while (true) {
            Specification<Item> spec = last == null
                    ? matching
                    : matching.and(ItemSpecifications.after(
                            query.sort(),
                            new KeysetCursor(query.sort().getValue(), last.key(query.sort()), last.id())));
            List<ItemCsvRow> chunk = readChunk(spec, order, size);
            // The connection is back in the pool: writing may now block on the client for as long as it likes.
            for (ItemCsvRow row : chunk) {
                csv.row(row.cells());
            }
            count += chunk.size();
            if (chunk.size() < size) {
                break;
            }
            last = chunk.getLast();
        }
        writer.flush();
        return count;
    }

    private List<ItemCsvRow> readChunk(Specification<Item> spec, Sort order, int size) throws IOException {
        try {
            if (!reads.tryAcquire(properties.chunkTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new QueryTimeoutException("No export read slot within " + properties.chunkTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for an export read slot");
        }
        try {
            return chunkTransaction.execute(status -> rows.chunk(spec, order, size));
        } finally {
            reads.release();
        }
    }
}
