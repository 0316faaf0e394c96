package dev.marketplace.item;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** ETags, If-None-Match → 304, If-Match → 412, Cache-Control, and no lost update under concurrency. */
class ConditionalRequestsIntegrationTest extends ApiIntegrationTest {

    ApiClient api;

    @BeforeEach
    void signIn() {
        api = anonymous.withToken(seller().accessToken());
    }

    @Test
    void aReadCarriesAStrongETagAndIfNoneMatchAnswers304WithoutABody() {
        Response created = create("Tagged lamp");
        JsonNode item = json(created);
        String path = created.header("Location");
        String etag = "\"" + item.get("id").asString() + "-v0\"";
        assertThat(created.header("ETag")).isEqualTo(etag);

        Response read = anonymous.get(path);
        assertThat(read.header("ETag")).isEqualTo(etag);
        assertThat(read.header("Cache-Control")).isEqualTo("no-cache");

        for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            Response notModified = anonymous.send("GET", path, null, null, Map.of("If-None-Match", ifNoneMatch));
            assertThat(notModified.status()).as(ifNoneMatch).isEqualTo(304);
            assertThat(notModified.body()).isEmpty();
            assertThat(notModified.header("ETag")).isEqualTo(etag);
            assertThat(notModified.header("Cache-Control")).isEqualTo("no-cache");
        }

        Response patched = api.patch(path, "{\"name\":\"Renamed lamp\"}");
        String etag1 = "\"" + item.get("id").asString() + "-v1\"";
        assertThat(patched.header("ETag")).isEqualTo(etag1);
        Response changed = anonymous.send("GET", path, null, null, Map.of("If-None-Match", etag));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo(etag1);
        assertThat(json(changed).get("name").asString()).isEqualTo("Renamed lamp");
    }

    @Test
    void listsSayHowToCache() {
        assertThat(anonymous.get("/api/v2/items?limit=1").header("Cache-Control"))
                .isEqualTo("no-cache");
        ApiClient admin = anonymous.withToken(accounts.session("admin").accessToken());
        assertThat(admin.get("/api/v2/users?limit=1").header("Cache-Control")).isEqualTo("private, no-cache");
    }

    @Test
    void aStaleIfMatchIs412AndChangesNothingTheCurrentOneWrites() {
        Response created = create("Conditional shelf");
        String path = created.header("Location");
        String v0 = created.header("ETag");

        Response first =
                api.send("PATCH", path, "application/merge-patch+json", "{\"price\":\"5.00\"}", Map.of("If-Match", v0));
        assertThat(first.status()).isEqualTo(200);
        String v1 = first.header("ETag");
        assertThat(v1).endsWith("-v1\"");

        JsonNode stale = problem(
                api.send("PATCH", path, "application/merge-patch+json", "{\"price\":\"6.00\"}", Map.of("If-Match", v0)),
                412,
                "precondition_failed");
        assertThat(stale.get("type").asString()).endsWith("/precondition-failed");
        problem(api.send("DELETE", path, null, null, Map.of("If-Match", v0)), 412, "precondition_failed");
        problem(
                api.send(
                        "PATCH",
                        path,
                        "application/merge-patch+json",
                        "{\"price\":\"6.00\"}",
                        Map.of("If-Match", "\"not-a-tag-of-ours\"")),
                412,
                "precondition_failed");
        JsonNode unchanged = json(api.get(path));
        assertThat(unchanged.get("price").asString()).isEqualTo("5.00");
        assertThat(unchanged.get("version").asLong()).isEqualTo(1);

        // A compressed response weakens the tag (W/); it still names the version.
        assertThat(api.send(
                                "PATCH",
                                path,
                                "application/merge-patch+json",
                                "{\"price\":\"7.00\"}",
                                Map.of("If-Match", "W/" + v1))
                        .status())
                .isEqualTo(200);
        assertThat(api.send(
                                "PATCH",
                                path,
                                "application/merge-patch+json",
                                "{\"price\":\"8.00\"}",
                                Map.of("If-Match", "*"))
                        .status())
                .isEqualTo(200);
        String current = api.get(path).header("ETag");
        assertThat(api.send("DELETE", path, null, null, Map.of("If-Match", current))
                        .status())
                .isEqualTo(204);
        problem(api.send("DELETE", path, null, null, Map.of("If-Match", "*")), 404, "item_not_found");
    }

    @Test
    void twoConcurrentPatchesWithTheSameIfMatchOneWinsTheOtherGets412() throws Exception {
        for (int round = 0; round < 5; round++) {
            Response created = create("Race " + round);
            String path = created.header("Location");
            String etag = created.header("ETag");
            List<ApiClient> clients = List.of(api.withOwnHttpClient(), api.withOwnHttpClient());
            List<Integer> statuses = race(
                    2,
                    i -> clients.get(i)
                            .send(
                                    "PATCH",
                                    path,
                                    "application/merge-patch+json",
                                    "{\"name\":\"winner " + i + "\"}",
                                    Map.of("If-Match", etag)));
            assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 412);
            assertThat(json(api.get(path)).get("version").asLong()).isEqualTo(1);
        }
    }

    @Test
    void withoutIfMatchTheVersionColumnStillPreventsLostUpdates() throws Exception {
        Response created = create("Unconditional race");
        String path = created.header("Location");
        List<ApiClient> clients = java.util.stream.Stream.generate(api::withOwnHttpClient)
                .limit(6)
                .toList();
        List<Integer> statuses = race(6, i -> clients.get(i).patch(path, "{\"name\":\"writer " + i + "\"}"));
        assertThat(statuses).allMatch(s -> s == 200 || s == 409);
        long successes = statuses.stream().filter(s -> s == 200).count();
        assertThat(successes).isPositive();
        // Every successful write is one version step: none was silently overwritten by a write that had read an older
        // version.
        assertThat(json(api.get(path)).get("version").asLong()).isEqualTo(successes);
    }

    @Test
    void myAccountHasAnETagAndConditionalWrites() {
        var session = accounts.session("buyer");
        ApiClient me = anonymous.withToken(session.accessToken());
        Response read = me.get("/api/v2/users/me");
        String etag = read.header("ETag");
        assertThat(etag)
                .isEqualTo(
                        "\"" + session.id() + "-v" + json(read).get("version").asLong() + "\"");
        assertThat(read.header("Cache-Control")).isEqualTo("private, no-cache");
        Response notModified = me.send("GET", "/api/v2/users/me", null, null, Map.of("If-None-Match", etag));
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.header("Cache-Control")).isEqualTo("private, no-cache");

        Response renamed = me.send(
                "PATCH",
                "/api/v2/users/me",
                "application/merge-patch+json",
                "{\"display_name\":\"Renamed\"}",
                Map.of("If-Match", etag));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.header("ETag")).isNotEqualTo(etag);
        problem(
                me.send(
                        "PATCH",
                        "/api/v2/users/me",
                        "application/merge-patch+json",
                        "{\"display_name\":\"Again\"}",
                        Map.of("If-Match", etag)),
                412,
                "precondition_failed");

        ApiClient admin = anonymous.withToken(accounts.session("admin").accessToken());
        Response byAdmin = admin.get("/api/v2/users/" + session.id());
        assertThat(byAdmin.header("ETag")).isEqualTo(renamed.header("ETag"));
        assertThat(admin.send(
                                "GET",
                                "/api/v2/users/" + session.id(),
                                null,
                                null,
                                Map.of("If-None-Match", renamed.header("ETag")))
                        .status())
                .isEqualTo(304);
    }

    /** Starts {@code n} requests together (each on its own thread and connection) and returns their statuses. */
    private static List<Integer> race(int n, java.util.function.IntFunction<Response> request) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                int index = i;
                results.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.apply(index).status();
                }));
            }
            ready.await();
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            return statuses;
        }
    }

    private Response create(String name) {
        Response response = api.post("/api/v2/items", """
                {"name":"%s","price":"10.00","currency":"EUR"}""".formatted(name));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response;
    }
}
