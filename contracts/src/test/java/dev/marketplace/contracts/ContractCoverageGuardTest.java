package dev.marketplace.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Spring Cloud Contract skips a contract it cannot turn into a test without failing the build. This guard does:
 * every YAML contract document under src/test/resources/contracts must have produced an enabled test method under
 * target/generated-test-sources/contracts, and there must be at least one.
 */
class ContractCoverageGuardTest {

    private static final Path BASEDIR = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path CONTRACTS = BASEDIR.resolve("src/test/resources/contracts");
    private static final Path GENERATED = BASEDIR.resolve("target/generated-test-sources/contracts");

    private static final Pattern DOC_SEPARATOR = Pattern.compile("(?m)^---[ \\t]*$");
    private static final Pattern NAME = Pattern.compile("(?m)^name:[ \\t]*['\"]?([^'\"#\\r\\n]+?)['\"]?[ \\t]*$");
    private static final Pattern TEST_METHOD =
            Pattern.compile("@Test\\s+(?:@\\w+(?:\\([^)]*\\))?\\s+)*public void (validate_\\w+)\\(");

    @Test
    void everyContractHasAGeneratedTest() throws IOException {
        List<String> contracts = contractDocuments();
        List<String> generated = generatedTestMethods();

        assertThat(contracts).as("contract documents in %s", CONTRACTS).isNotEmpty();
        assertThat(generated)
                .as("generated test methods in %s (did the SCC plugin run?)", GENERATED)
                .isNotEmpty();
        assertThat(generated.size())
                .as("generated contract tests (%s) vs contract documents (%s): SCC skipped some", generated, contracts)
                .isGreaterThanOrEqualTo(contracts.size());
        // A contract named n yields a test method validate_n; names repeat across consumer folders, so compare counts.
        for (String name :
                contracts.stream().filter(c -> c.matches("\\w+")).distinct().toList()) {
            long documents = contracts.stream().filter(name::equals).count();
            long tests = generated.stream().filter(("validate_" + name)::equals).count();
            assertThat(tests)
                    .as("enabled generated tests validate_%s (one per contract named '%s')", name, name)
                    .isGreaterThanOrEqualTo(documents);
        }
    }

    /** One entry per YAML document: its {@code name}, or file#index when it has none. */
    private static List<String> contractDocuments() throws IOException {
        List<String> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CONTRACTS)) {
            for (Path file : files.filter(
                            p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList()) {
                String[] parts = DOC_SEPARATOR.split(Files.readString(file));
                for (int i = 0; i < parts.length; i++) {
                    if (!hasContent(parts[i])) {
                        continue;
                    }
                    Matcher name = NAME.matcher(parts[i]);
                    docs.add(name.find() ? name.group(1).trim() : CONTRACTS.relativize(file) + "#" + i);
                }
            }
        }
        return docs;
    }

    private static boolean hasContent(String doc) {
        return doc.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
    }

    /** Enabled test methods (SCC marks ignored contracts with @Disabled; those do not count). */
    private static List<String> generatedTestMethods() throws IOException {
        List<String> methods = new ArrayList<>();
        if (!Files.isDirectory(GENERATED)) {
            return methods;
        }
        try (Stream<Path> files = Files.walk(GENERATED)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = TEST_METHOD.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(0).contains("@Disabled")) {
                        methods.add(m.group(1));
                    }
                }
            }
        }
        return methods;
    }
}
