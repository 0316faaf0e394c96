package dev.marketplace.floor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bench's bare-stack floor (issue 11, target 0): one GET of an item by id and one single-row INSERT into the
 * same {@code items} table as the API, returning the same JSON shape as the API's {@code Item}. No security, no
 * validation framework, no JPA, no observability: the reference for what Spring Boot + Tomcat + HikariCP alone cost.
 */
@SpringBootApplication
@RestController
public class FloorApplication {

    static final String COLUMNS = "id, owner_id, name, description, price, currency, status, tags, created_at, updated_at, version";

    record Item(UUID id, String owner_id, String name, String description, String price, String currency, String status,
                List<String> tags, Instant created_at, Instant updated_at, long version) {
    }

    record ItemCreate(String name, String description, String price, String currency, String status) {
    }

    private final JdbcClient jdbc;

    FloorApplication(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static void main(String[] args) {
        SpringApplication.run(FloorApplication.class, args);
    }

    private static final Map<String, Integer> FRACTION_DIGITS = Map.of("JPY", 0, "KRW", 0, "BHD", 3, "KWD", 3);

    static String price(BigDecimal amount, String currency) {
        return amount.setScale(FRACTION_DIGITS.getOrDefault(currency, 2), RoundingMode.UNNECESSARY).toPlainString();
    }

    private static Item row(java.sql.ResultSet rs) throws java.sql.SQLException {
        String currency = rs.getString("currency").strip();
        java.sql.Array tags = rs.getArray("tags");
        return new Item(rs.getObject("id", UUID.class), rs.getString("owner_id"), rs.getString("name"),
                rs.getString("description"), price(rs.getBigDecimal("price"), currency), currency, rs.getString("status"),
                tags == null ? List.of() : List.of((String[]) tags.getArray()),
                rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", java.time.OffsetDateTime.class).toInstant(), rs.getLong("version"));
    }

    @GetMapping("/items/{id}")
    ResponseEntity<Item> get(@PathVariable UUID id) {
        return ResponseEntity.of(jdbc.sql("SELECT " + COLUMNS + " FROM items WHERE id = ?").param(id)
                .query((rs, n) -> row(rs)).optional());
    }

    @PostMapping("/items")
    ResponseEntity<Item> create(@RequestBody ItemCreate body) {
        if (body.name() == null || body.name().isBlank() || body.price() == null || body.currency() == null) {
            return ResponseEntity.badRequest().build();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String status = body.status() == null ? "active" : body.status();
        BigDecimal amount = new BigDecimal(body.price());
        Item item = new Item(UUID.randomUUID(), null, body.name(), body.description(), price(amount, body.currency()),
                body.currency(), status, List.of(), now, now, 0);
        jdbc.sql("INSERT INTO items (id, name, description, price, currency, status, created_at, updated_at, version) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)")
                .params(item.id(), item.name(), item.description(), amount, item.currency(), item.status(),
                        now.atOffset(java.time.ZoneOffset.UTC), now.atOffset(java.time.ZoneOffset.UTC))
                .update();
        return ResponseEntity.created(URI.create("/items/" + item.id())).body(item);
    }
}
