package dev.marketplace.item;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writes the items matching a query as CSV, row by row from a database cursor: memory stays flat for any count. */
@Service
public class ItemExportService {

    private static final int BUFFER = 32 * 1024;

    private final ItemExportRepository rows;

    ItemExportService(ItemExportRepository rows) {
        this.rows = rows;
    }

    /**
     * Writes the header and every matching item in the query's order (its limit and cursor are ignored).
     *
     * @return the number of items written
     */
    @Transactional(readOnly = true)
    public long writeCsv(ItemQuery query, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
        CsvWriter csv = new CsvWriter(writer);
        csv.row(ItemCsvRow.HEADER);
        long count = 0;
        try (Stream<ItemCsvRow> stream = rows.stream(ItemSpecifications.matching(query), ItemSpecifications.order(query.sort()))) {
            for (Iterator<ItemCsvRow> it = stream.iterator(); it.hasNext(); count++) {
                csv.row(it.next().cells());
            }
        }
        writer.flush();
        return count;
    }
}
