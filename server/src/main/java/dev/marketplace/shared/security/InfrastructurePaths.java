package dev.marketplace.shared.security;

import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;

/**
 * The paths outside the OpenAPI document that the server serves on purpose. Together with the spec's paths
 * they are everything a request may reach: any other path is a {@code 404} problem before authentication
 * ({@link SpecRoutingFilter}), so nothing becomes reachable, let alone public, by default. Each entry says who
 * may call it; the list is tested path by path ({@code FailClosedIntegrationTest}).
 */
public final class InfrastructurePaths {

    /** Who may call an infrastructure path. */
    public enum Access {
        PUBLIC,
        SIGNED_IN,
        ADMIN
    }

    /** One entry: a path pattern (Spring {@code PathPattern} syntax), the methods it answers and who may call it. */
    public record Entry(String pattern, Set<HttpMethod> methods, Access access, String what) {}

    private static final Set<HttpMethod> READ = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final Set<HttpMethod> ANY = Set.of(
            HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    /** Most specific first (the first matching entry decides). */
    public static final List<Entry> ENTRIES = List.of(
            new Entry("/", READ, Access.PUBLIC, "landing page"),
            new Entry("/static/**", READ, Access.PUBLIC, "landing page assets"),
            new Entry("/api/openapi.yaml", READ, Access.PUBLIC, "the OpenAPI document"),
            new Entry("/api/asyncapi.yaml", READ, Access.PUBLIC, "the AsyncAPI document"),
            new Entry("/api/docs", READ, Access.PUBLIC, "Swagger UI"),
            new Entry("/api/docs/", READ, Access.PUBLIC, "Swagger UI"),
            new Entry("/api/redoc", READ, Access.PUBLIC, "Redoc"),
            new Entry("/api/redoc/", READ, Access.PUBLIC, "Redoc"),
            new Entry("/api-docs/**", READ, Access.PUBLIC, "docs UI pages"),
            new Entry("/webjars/**", READ, Access.PUBLIC, "docs UI scripts"),
            new Entry(
                    WebSocketTicketFilter.PATH,
                    Set.of(HttpMethod.GET),
                    Access.SIGNED_IN,
                    "live events WebSocket (asyncapi.yaml)"),
            new Entry("/actuator/health", READ, Access.PUBLIC, "health probe"),
            new Entry("/actuator/health/**", READ, Access.PUBLIC, "liveness and readiness probes"),
            new Entry("/actuator/info", READ, Access.PUBLIC, "build info"),
            new Entry("/actuator/**", ANY, Access.ADMIN, "metrics, Prometheus, loggers"),
            new Entry("/bench/slow", READ, Access.PUBLIC, "benchmark endpoint (bench profile only; 404 otherwise)"));

    /**
     * {@link #ENTRIES} plus entries registered as beans of type {@link Entry} (none in the application itself: a test
     * that adds a probe endpoint of its own registers it this way, so its path is known exactly like these).
     */
    public static List<Entry> withRegistered(List<Entry> registered) {
        if (registered.isEmpty()) {
            return ENTRIES;
        }
        List<Entry> all = new java.util.ArrayList<>(registered);
        all.addAll(ENTRIES);
        return List.copyOf(all);
    }

    private InfrastructurePaths() {}
}
