package dev.marketplace.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvWriterTest {

    @Test
    void plainCellsAreWrittenAsTheyAre() {
        assertThat(CsvWriter.cell("Brass desk lamp")).isEqualTo("Brass desk lamp");
        assertThat(CsvWriter.cell("49.90")).isEqualTo("49.90");
        assertThat(CsvWriter.cell(null)).isEmpty();
        assertThat(CsvWriter.cell("")).isEmpty();
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedWithInnerQuotesDoubled() {
        assertThat(CsvWriter.cell("lamp, brass")).isEqualTo("\"lamp, brass\"");
        assertThat(CsvWriter.cell("the \"best\" lamp")).isEqualTo("\"the \"\"best\"\" lamp\"");
        assertThat(CsvWriter.cell("line one\r\nline two")).isEqualTo("\"line one\r\nline two\"");
        assertThat(CsvWriter.cell("line one\nline two")).isEqualTo("\"line one\nline two\"");
        assertThat(CsvWriter.cell("\"")).isEqualTo("\"\"\"\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "=HYPERLINK(\"http://evil.example\")"})
    void cellsASpreadsheetWouldRunAsFormulasArePrefixedWithAQuote(String value) {
        String cell = CsvWriter.cell(value);
        String unquoted =
                cell.startsWith("\"") ? cell.substring(1, cell.length() - 1).replace("\"\"", "\"") : cell;
        assertThat(unquoted).isEqualTo("'" + value);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {"a=b|a=b", "1-2|1-2", "mail@example.com|mail@example.com", "'quoted|'quoted"})
    void triggersAfterTheFirstCharacterAreHarmless(String value, String expected) {
        assertThat(CsvWriter.cell(value)).isEqualTo(expected);
    }

    @Test
    void rowsEndWithCrLf() throws Exception {
        StringWriter out = new StringWriter();
        CsvWriter csv = new CsvWriter(out);
        csv.row("id", "name");
        csv.row("1", "a, b");
        csv.row("2", null);
        assertThat(out.toString()).isEqualTo("id,name\r\n1,\"a, b\"\r\n2,\r\n");
    }
}
