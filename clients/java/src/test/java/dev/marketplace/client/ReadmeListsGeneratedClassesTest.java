package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's package table lists what the client contains: every generated API class with exactly its operations,
 * every generated model and every hand-written class. Fails when the spec (and so the generated code) or the
 * hand-written code changes and the README does not.
 */
class ReadmeListsGeneratedClassesTest {

    private static final Path README = Path.of("README.md");
    private static final Path GENERATED =
            Path.of("target/generated-sources/openapi/src/main/java/dev/marketplace/client");
    private static final Path HAND_WRITTEN = Path.of("src/main/java/dev/marketplace/client");
    private static final Pattern CODE = Pattern.compile("`([A-Za-z0-9]+)`");

    @Test
    void everyGeneratedApiClassIsListedWithExactlyItsOperations() throws Exception {
        Map<String, Set<String>> listed = new TreeMap<>();
        for (String row : readme()) {
            Matcher api = Pattern.compile("^\\| `([A-Za-z0-9]+Api)` \\|[^|]*\\|(.*)\\|$")
                    .matcher(row);
            if (api.matches()) {
                listed.put(api.group(1), codes(api.group(2)));
            }
        }
        Map<String, Set<String>> generated = new TreeMap<>();
        for (String name : javaFiles(GENERATED.resolve("api"))) {
            Class<?> type = Class.forName("dev.marketplace.client.api." + name);
            generated.put(
                    name,
                    Arrays.stream(type.getDeclaredMethods())
                            .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
                            .map(Method::getName)
                            .filter(n -> !n.endsWith("WithHttpInfo")
                                    && !n.endsWith("WithResponseSpec")
                                    && !n.equals("getApiClient")
                                    && !n.equals("setApiClient"))
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
        assertThat(generated).as("generated API classes").isNotEmpty();
        assertThat(listed)
                .as("README.md: the table of API classes and operations (| `XxxApi` | for | operations |)")
                .isEqualTo(generated);
    }

    @Test
    void everyGeneratedModelIsListed() throws IOException {
        assertThat(codes(row("| `dev.marketplace.client.model` |")))
                .as("README.md: the models in the package table")
                .isEqualTo(javaFiles(GENERATED.resolve("model")));
    }

    @Test
    void everyHandWrittenClassIsListed() throws IOException {
        String row = row("| `dev.marketplace.client` |");
        Set<String> handWritten = codes(row.substring(row.indexOf("hand-written"), row.indexOf("generated:")));
        assertThat(handWritten)
                .as("README.md: the hand-written classes in the package table")
                .isEqualTo(javaFiles(HAND_WRITTEN));
        assertThat(codes(row.substring(row.indexOf("generated:")))).containsExactly("ApiClient");
        assertThat(GENERATED.resolve("ApiClient.java")).exists();
    }

    private static List<String> readme() throws IOException {
        return Files.readAllLines(README);
    }

    private static String row(String start) throws IOException {
        return readme().stream()
                .filter(l -> l.startsWith(start))
                .findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no row starting with " + start))
                .substring(start.length());
    }

    private static Set<String> codes(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = CODE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> javaFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - ".java".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
