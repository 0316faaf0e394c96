package dev.marketplace.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.SpecValidator;
import dev.marketplace.testsupport.TestAccounts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The spec-driven bad-input suite (issue 12, point 2). For every operation in {@code openapi.yaml} it sends the
 * hostile variants {@link HostileRequests} generates over real HTTP to the real server (embedded PostgreSQL),
 * as a signed-in admin (a real JWT, every scope, so requests get past authorization to validation) and as an
 * anonymous caller (every variant on public operations; on the others, the variants that are read before
 * credentials are: path, query string, method, forged credentials). The bar, for every single response:
 * <ul>
 * <li>no {@code 5xx};</li>
 * <li>every error is an RFC 9457 problem ({@code application/problem+json} with type, title, status, code);</li>
 * <li>no stack trace, Java class name or SQL in any error body;</li>
 * <li>the response matches the spec (status documented, schema), as in every integration test — except that the
 * protocol-level refusals every operation may answer (405, 406, 413, 414, 415, 431; README, "API conventions")
 * need not be listed on each operation;</li>
 * <li>nothing stored: a refused write leaves the row count of every data table unchanged.</li>
 * </ul>
 * A new operation in the spec is covered with no change here. It prints how many requests it sent; the seed of
 * the random draw is printed too and can be replayed with {@code -Dhostile.seed=N}.
 */
class HostileInputIntegrationTest extends ApiIntegrationTest {

    /**
     * Data tables a refused write must not change. Left out: caches and outboxes that earlier successful writes fill
     * asynchronously, and short-lived WebSocket tickets (a purge job removes expired ones whenever it runs).
     */
    private static final List<String> NOT_DATA = List.of(
            "idempotency_keys",
            "outbox_events",
            "webhook_deliveries",
            "webhook_delivery_attempts",
            "live_events",
            "event_tickets",
            "flyway_schema_history");

    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat (java|org|dev|jdk|tools|com)\\.|(java|jakarta|org\\.springframework|org\\.hibernate|org\\.postgresql|"
                    + "tools\\.jackson|dev\\.marketplace|org\\.apache)\\.|\\bSQL|\\bselect\\b.+\\bfrom\\b|\\binsert into\\b|"
                    + "\\bupdate\\b.+\\bset\\b|ERROR: |Hibernate|HHH\\d|PSQL|Caused by|\\.java:\\d+");
    private static final java.util.Set<String> STANDARD_METHODS =
            java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** 405, 406, 413, 414, 415, 431: refusals before any operation runs, the same on every operation. */
    private static final java.util.Set<Integer> GENERIC_STATUSES = java.util.Set.of(405, 406, 413, 414, 415, 431);

    private static final AtomicInteger SENT = new AtomicInteger();
    private static final AtomicInteger OPERATIONS = new AtomicInteger();
    private static final AtomicInteger REFUSED_WRITES = new AtomicInteger();
    private static final AtomicInteger CLIENT_REFUSED = new AtomicInteger();
    private static final AtomicInteger ROW_COUNTS = new AtomicInteger();
    private static final AtomicInteger COUNTS_REUSED = new AtomicInteger();
    private static final AtomicLong COUNTING_NANOS = new AtomicLong();
    private static final Map<Integer, AtomicInteger> STATUSES = new java.util.concurrent.ConcurrentSkipListMap<>();
    private static final long SEED = Long.getLong("hostile.seed", System.nanoTime());
    private static final long STARTED = System.nanoTime();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    JdbcTemplate jdbc;

    private String countRows;
    private TestAccounts.Session admin;
    /**
     * The row counts taken after the last refused write, as long as this test has sent nothing since: they are the
     * counts before the next write, so consecutive refused writes cost one count each instead of two. Any other request
     * (an accepted or unchecked one, a read, a sign-in) drops them.
     */
    private Map<String, Long> countsAfterLastRefusal;

    @TestFactory
    Stream<DynamicTest> everyOperationSurvivesHostileInput() {
        SpecModel spec = SpecModel.load();
        HostileRequests generator = new HostileRequests(spec, SEED);
        System.out.println("Hostile input suite: seed " + SEED + " (replay with -Dhostile.seed=" + SEED + ")");
        return spec.operations().stream()
                .map(op -> DynamicTest.dynamicTest(op.toString(), () -> {
                    OPERATIONS.incrementAndGet();
                    List<HostileRequests.Request> requests = generator.variants(op);
                    List<String> failures = new ArrayList<>();
                    countsAfterLastRefusal = null;
                    for (HostileRequests.Request request : requests) {
                        if (op.isPublic() || request.beforeAuthentication()) {
                            check(request, null, failures);
                        }
                    }
                    // A fresh admin for operations that can end the caller's own session or account; a shared one
                    // otherwise.
                    String token = adminToken(op);
                    countsAfterLastRefusal = null; // a fresh admin is a new row in users
                    for (HostileRequests.Request request : requests) {
                        if (!request.credentialVariant()) {
                            check(request, token, failures);
                        }
                    }
                    assertThat(failures)
                            .as(op + ": " + failures.size() + " bad answers to " + requests.size()
                                    + " hostile requests")
                            .isEmpty();
                }));
    }

    @AfterAll
    static void report() {
        System.out.printf(
                "Hostile input suite: sent %d requests over %d operations in %.1f s (%d refused writes checked for "
                        + "unchanged row counts with %d counts of every table taking %.1f s and %d "
                        + "reused, %d variants the HTTP client itself refused "
                        + "to send); statuses %s%n",
                SENT.get(),
                OPERATIONS.get(),
                (System.nanoTime() - STARTED) / 1e9,
                REFUSED_WRITES.get(),
                ROW_COUNTS.get(),
                COUNTING_NANOS.get() / 1e9,
                COUNTS_REUSED.get(),
                CLIENT_REFUSED.get(),
                STATUSES);
    }

    private String adminToken(SpecModel.Operation op) {
        boolean selfHarm = op.method().equals("DELETE")
                || op.path().contains("/auth/")
                || op.path().contains("/users/me")
                || op.path().contains("/role");
        if (selfHarm || admin == null) {
            TestAccounts.Session fresh = accounts.session("admin");
            if (!selfHarm) {
                admin = fresh;
            }
            return fresh.accessToken();
        }
        return admin.accessToken();
    }

    private void check(HostileRequests.Request request, String token, List<String> failures) {
        String who = token == null ? "anonymous" : "admin";
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request.pathAndQuery()))
                    .timeout(Duration.ofSeconds(30));
            if (request.contentType() != null) {
                builder.header("Content-Type", request.contentType());
            }
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            request.headers().forEach(builder::setHeader);
            builder.method(
                    request.method(),
                    request.body() == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        } catch (IllegalArgumentException e) {
            CLIENT_REFUSED
                    .incrementAndGet(); // e.g. a URI java.net.URI will not parse: it cannot reach any server either
            return;
        }
        Map<String, Long> before = null;
        if (request.write() && countsAfterLastRefusal != null) {
            before = countsAfterLastRefusal;
            COUNTS_REUSED.incrementAndGet();
        } else if (request.write()) {
            before = rowCounts();
        }
        countsAfterLastRefusal = null;
        HttpResponse<String> response;
        try {
            response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            failures.add(who + " " + request.what() + ": no HTTP answer ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        SENT.incrementAndGet();
        int status = response.statusCode();
        STATUSES.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        String body = response.body();
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        String label = who + " " + request.what() + " → " + status;
        if (status >= 500) {
            failures.add(label + " " + HostileRequests.shorten(body == null ? "" : body.replaceAll("\\s+", " ")));
            return;
        }
        if (status >= 400) {
            String problem = problemViolation(status, contentType, body);
            if (problem != null) {
                failures.add(label + ": " + problem);
            }
            if (body != null && LEAK.matcher(body).find()) {
                failures.add(label + ": body gives internals away: " + body);
            }
        }
        try {
            // A changed path shape (trailing slash, matrix parameter, dot segments) is not an operation of the spec,
            // but the validator would normalise it onto one: such answers are checked as problems above only.
            if (request.onSpecPath() && STANDARD_METHODS.contains(request.method()))
                SpecValidator.shared().assertValid(request.method(), request.pathAndQuery(), status, contentType, body);
        } catch (AssertionError e) {
            // Protocol-level refusals the API conventions promise for every operation (README, "API conventions") are
            // not repeated on each operation of the spec; they are still checked as problems above.
            boolean generic = GENERIC_STATUSES.contains(status)
                    && e.getMessage().contains("validation.response.status.unknown")
                    && e.getMessage()
                                    .lines()
                                    .filter(line -> line.startsWith("  - ["))
                                    .count()
                            == 1;
            if (!generic) {
                failures.add(label + ": " + e.getMessage().lines().limit(4).reduce("", (a, b) -> a + " " + b));
            }
        }
        if (before != null && status >= 400) {
            REFUSED_WRITES.incrementAndGet();
            Map<String, Long> after = rowCounts();
            if (!after.equals(before)) {
                failures.add(label + ": a refused write changed stored rows: " + before + " → " + after);
            }
            countsAfterLastRefusal = after;
        }
    }

    private static String problemViolation(int status, String contentType, String body) {
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            return "not application/problem+json but " + contentType;
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (RuntimeException e) {
            return "problem body is not JSON";
        }
        for (String member : List.of("type", "title", "status", "code")) {
            if (problem.get(member) == null || problem.get(member).isNull()) {
                return "problem without " + member;
            }
        }
        return problem.get("status").asInt() == status
                ? null
                : "problem status " + problem.get("status") + " differs from " + status;
    }

    private Map<String, Long> rowCounts() {
        if (countRows == null) {
            List<String> tables = jdbc
                    .queryForList(
                            "select table_name from information_schema.tables where table_schema = current_schema()"
                                    + " and table_type = 'BASE TABLE' order by table_name",
                            String.class)
                    .stream()
                    .filter(t -> !NOT_DATA.contains(t))
                    .toList();
            countRows = String.join(
                    " union all ",
                    tables.stream()
                            .map(t -> "select '" + t + "' as t, count(*) as n from " + t)
                            .toList());
        }
        ROW_COUNTS.incrementAndGet();
        long start = System.nanoTime();
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(countRows, row -> {
            counts.put(row.getString(1), row.getLong(2));
        });
        COUNTING_NANOS.addAndGet(System.nanoTime() - start);
        return counts;
    }
}
