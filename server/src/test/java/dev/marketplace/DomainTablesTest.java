package dev.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A domain reaches another domain's tables only through that domain's service (issue 14, item 1): the SQL in a
 * domain's code (native queries, JDBC statements: every string literal of its sources) names only the tables that
 * domain owns, or tables nobody owns. Every table the migrations create must have an owner here.
 */
class DomainTablesTest {

    private static final Path MAIN = Path.of("src/main/java/dev/marketplace");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** The tables each domain (or {@code shared}) owns; the migrations create them. */
    static final Map<String, Set<String>> TABLES = Map.ofEntries(
            Map.entry("apikey", Set.of("api_keys")),
            Map.entry("auth", Set.of("refresh_tokens", "browser_sessions")),
            Map.entry("contact", Set.of("contact_messages")),
            Map.entry("image", Set.of("item_images")),
            Map.entry("item", Set.of("items")),
            Map.entry("live", Set.of("event_tickets", "live_events")),
            Map.entry("order", Set.of("orders", "order_lines")),
            Map.entry("payment", Set.of("payment_events")),
            Map.entry("user", Set.of("users", "one_time_tokens")),
            Map.entry("webhook", Set.of("webhook_endpoints", "webhook_deliveries", "webhook_delivery_attempts")),
            Map.entry("shared", Set.of("outbox_events", "idempotency_keys", "event_publication")));

    private static final Pattern STRING_LITERAL =
            Pattern.compile("(?s)\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern TABLE_REFERENCE =
            Pattern.compile("(?i)\\b(?:from|join|update|into|table)\\s+(?:only\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern CREATE_TABLE =
            Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");

    @Test
    void everyTableHasAnOwner() throws IOException {
        List<String> created = new ArrayList<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Matcher m = CREATE_TABLE.matcher(Files.readString(file));
                while (m.find()) {
                    created.add(m.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        assertThat(created).isNotEmpty();
        assertThat(created)
                .allSatisfy(table ->
                        assertThat(owner(table)).as("owner of table " + table).isPresent());
    }

    @Test
    void sqlInADomainNamesOnlyItsOwnTables() throws IOException {
        List<String> violations = new ArrayList<>();
        int statements = 0;
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String domain = MAIN.relativize(file).getName(0).toString();
                Set<String> own = TABLES.getOrDefault(domain, Set.of());
                Matcher literal = STRING_LITERAL.matcher(Files.readString(file));
                while (literal.find()) {
                    String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
                    Matcher table = TABLE_REFERENCE.matcher(text);
                    while (table.find()) {
                        String name = table.group(1).toLowerCase(Locale.ROOT);
                        Optional<String> owner = owner(name);
                        if (owner.isPresent()) {
                            statements++;
                            if (!own.contains(name)) {
                                violations.add(MAIN.relativize(file) + " names table " + name + " of " + owner.get()
                                        + ": go through that domain's service");
                            }
                        }
                    }
                }
            }
        }
        assertThat(statements).as("table references found (the scan works)").isGreaterThan(20);
        assertThat(violations).isEmpty();
    }

    private static Optional<String> owner(String table) {
        return TABLES.entrySet().stream()
                .filter(e -> e.getValue().contains(table))
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
