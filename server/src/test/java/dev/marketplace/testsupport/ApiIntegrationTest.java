package dev.marketplace.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.user.UserService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the full-stack suites: one shared application context (real HTTP on a random port, embedded
 * PostgreSQL), real accounts and tokens, and the problem assertions every suite needs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecordedEvents.class)
// These suites make hundreds of calls from one IP in seconds; the limiter stays on with roomy limits here
// and is tested with tight ones in RateLimitIntegrationTest.
@TestPropertySource(
        properties = {
            "marketplace.rate-limit.anonymous.requests=100000",
            "marketplace.rate-limit.authenticated.requests=100000",
            "marketplace.rate-limit.auth.requests=100000",
            "marketplace.images.dir=target/test-images",
            // One allowed cross-origin caller, so that CORS is tested in this context
            // (ProtectionHeadersIntegrationTest).
            "marketplace.cors.allowed-origins=https://shop.example"
        })
public abstract class ApiIntegrationTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<Integer, TestAccounts.Session> SELLERS = new ConcurrentHashMap<>();

    @LocalServerPort
    protected int port;

    @Autowired
    protected UserService users;

    /** Every event the outbox relay handed over in this server. */
    @Autowired
    protected RecordedEvents recordedEvents;

    protected ApiClient anonymous;
    protected TestAccounts accounts;

    @BeforeEach
    void connect() {
        anonymous = new ApiClient(port);
        accounts = new TestAccounts(anonymous, users);
    }

    /** One signed-in seller per running server, shared by the tests that only need "someone who may write items". */
    protected TestAccounts.Session seller() {
        return SELLERS.computeIfAbsent(port, p -> accounts.session("seller"));
    }

    protected static JsonNode json(Response response) {
        return JSON.readTree(response.body());
    }

    /** Asserts a well-formed problem of the given status and code that gives nothing away. */
    protected static JsonNode problem(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).startsWith("https://api.marketplace.example/problems/");
        assertThat(problem.get("request_id").asString()).isEqualTo(response.header("X-Request-Id"));
        assertThat(response.body())
                .doesNotContain(
                        "Exception",
                        "dev.marketplace",
                        "springframework",
                        "tools.jackson",
                        "at org.",
                        "SQL",
                        "select ");
        return problem;
    }

    protected static void assertValidationError(Response response, String field, String code) {
        JsonNode problem = problem(response, 400, "validation_error");
        List<String> pairs = new ArrayList<>();
        problem.get("errors")
                .forEach(e -> pairs.add(
                        e.get("field").asString() + ":" + e.get("code").asString()));
        assertThat(pairs).contains(field + ":" + code);
    }
}
