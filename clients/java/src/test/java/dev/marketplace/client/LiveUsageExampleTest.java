package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's usage example: shown verbatim, and run against the real server. Runs on the server shared by the live tests ({@link LiveServerSupport}). */
class LiveUsageExampleTest extends LiveServerSupport {

    @Test
    void readmeUsageExampleRunsAgainstTheServer() {
        client.items().createItem(newItem("Desk lamp, cheap").price("19.00"));

        List<String> listed = UsageExample.run(baseUrl, seller.email(), seller.password());

        assertThat(listed).contains("Brass desk lamp", "Desk lamp, cheap");
    }

    @Test
    void readmeShowsTheUsageExampleVerbatim() throws java.io.IOException {
        String source = java.nio.file.Files.readString(
                java.nio.file.Path.of("src/test/java/dev/marketplace/client/UsageExample.java"));
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        String example = source.substring(
                source.indexOf("// tag::usage[]\n") + "// tag::usage[]\n".length(),
                source.indexOf("        // end::usage[]"));
        String unindented = example.lines()
                .map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));

        assertThat(readme).contains(unindented);
    }
}
