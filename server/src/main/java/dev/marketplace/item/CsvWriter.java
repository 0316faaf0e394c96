package dev.marketplace.item;

import java.io.IOException;
import java.io.Writer;

/**
 * RFC 4180 CSV: fields separated by commas, records ended by CRLF; a field holding a comma, a double quote,
 * CR or LF is enclosed in double quotes with inner quotes doubled. A cell that a spreadsheet would run as a
 * formula (first character {@code = + - @}, tab or CR) is prefixed with a single quote first (OWASP "CSV
 * injection"), so it is shown as text.
 */
final class CsvWriter {

    private static final String FORMULA_TRIGGERS = "=+-@\t\r";

    private final Writer out;

    CsvWriter(Writer out) {
        this.out = out;
    }

    void row(String... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells[i]));
        }
        out.write("\r\n");
    }

    /** One field as written to the file; {@code null} is an empty field. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = FORMULA_TRIGGERS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
