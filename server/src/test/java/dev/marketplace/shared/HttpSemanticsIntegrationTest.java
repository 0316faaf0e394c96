package dev.marketplace.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.SpecValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Problem language (Accept-Language), gzip, and the URI and header limits — over real HTTP. */
class HttpSemanticsIntegrationTest extends ApiIntegrationTest {

    private static final String MISSING = "/api/v2/items/99999999-9999-4999-8999-999999999999";

    @Test
    void problemsSpeakGermanWhenAskedAndEnglishOtherwise() {
        Response german =
                anonymous.send("GET", MISSING, null, null, Map.of("Accept-Language", "de-DE,de;q=0.9,en;q=0.5"));
        JsonNode problem = problem(german, 404, "item_not_found");
        assertThat(problem.get("title").asString()).isEqualTo("Die Ressource wurde nicht gefunden.");
        assertThat(problem.get("detail").asString())
                .isEqualTo("Kein Artikel mit der ID 99999999-9999-4999-8999-999999999999.");
        assertThat(german.header("Content-Language")).isEqualTo("de");

        Response english = anonymous.get(MISSING);
        assertThat(problem(english, 404, "item_not_found").get("title").asString())
                .isEqualTo("The resource was not found.");
        assertThat(json(english).get("detail").asString())
                .isEqualTo("No item with id 99999999-9999-4999-8999-999999999999.");
        assertThat(english.header("Content-Language")).isEqualTo("en");

        Response unknown = anonymous.send("GET", MISSING, null, null, Map.of("Accept-Language", "fr-CH, fr;q=0.9"));
        assertThat(problem(unknown, 404, "item_not_found").get("title").asString())
                .isEqualTo("The resource was not found.");
        assertThat(unknown.header("Content-Language")).isEqualTo("en");

        Response preferred =
                anonymous.send("GET", MISSING, null, null, Map.of("Accept-Language", "fr, de;q=0.5, en;q=0.1"));
        assertThat(preferred.header("Content-Language")).isEqualTo("de");
    }

    @Test
    void problemsFromFiltersAndValidationAreTranslatedToo() {
        Response unauthorized = anonymous.send("GET", "/api/v2/users/me", null, null, Map.of("Accept-Language", "de"));
        JsonNode problem = problem(unauthorized, 401, "unauthorized");
        assertThat(problem.get("title").asString()).isEqualTo("Anmeldung erforderlich.");
        assertThat(problem.get("detail").asString())
                .isEqualTo("Senden Sie ein gültiges Zugriffstoken im Authorization-Header.");
        assertThat(unauthorized.header("Content-Language")).isEqualTo("de");

        ApiClient seller = anonymous.withToken(seller().accessToken());
        Response invalid = seller.send(
                "POST",
                "/api/v2/items",
                "application/json",
                "{\"price\":\"1.00\",\"currency\":\"EUR\"}",
                Map.of("Accept-Language", "de"));
        JsonNode validation = problem(invalid, 400, "validation_error");
        assertThat(validation.get("title").asString()).isEqualTo("Ihre Anfrage ist ungültig.");
        assertThat(validation.get("detail").asString()).isEqualTo("Die Anfrage hat 1 ungültiges Feld.");
    }

    @Test
    void largeResponsesAreGzippedSmallOnesAreNot() throws Exception {
        ApiClient seller = anonymous.withToken(seller().accessToken());
        for (int i = 0; i < 5; i++) {
            seller.post(
                    "/api/v2/items",
                    "{\"name\":\"gzip " + i + "\",\"description\":\"" + "padding ".repeat(40)
                            + "\",\"price\":\"1.00\",\"currency\":\"EUR\"}");
        }
        HttpResponse<byte[]> large = raw("/api/v2/items?limit=5", Map.of("Accept-Encoding", "gzip"));
        assertThat(large.statusCode()).isEqualTo(200);
        assertThat(large.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String body;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(large.body()))) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(body.length()).isGreaterThan(1024).isGreaterThan(large.body().length);
        SpecValidator.shared().assertValid("GET", "/api/v2/items", 200, "application/json", body);

        HttpResponse<byte[]> small = raw("/api", Map.of("Accept-Encoding", "gzip"));
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(small.body().length).isLessThan(1024);
        HttpResponse<byte[]> plain = raw("/api/v2/items?limit=5", Map.of());
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void aUriOverTheLimitIsA414Problem() {
        Response response = anonymous.send(
                "GET", "/api/v2/items?q=" + "x".repeat(4100), null, null, Map.of("Accept-Language", "de"));
        JsonNode problem = problem(response, 414, "uri_too_long");
        assertThat(problem.get("detail").asString()).isEqualTo("Die Anfrage-URI darf höchstens 4096 Bytes lang sein.");
        assertThat(anonymous.get("/api/v2/items?q=" + "x".repeat(100)).status()).isEqualTo(200);
    }

    @Test
    void headersOverTheLimitAreA431ProblemNotTomcatsHtmlPage() {
        Response response = anonymous.send("GET", "/api/v2/items", null, null, Map.of("X-Padding", "p".repeat(9000)));
        JsonNode problem = problem(response, 431, "headers_too_large");
        assertThat(problem.get("detail").asString())
                .isEqualTo("The request line and headers must not exceed 8192 bytes.");
        assertThat(response.header("Content-Language")).isEqualTo("en");
        assertThat(anonymous
                        .send("GET", "/api/v2/items?limit=1", null, null, Map.of("X-Padding", "p".repeat(4000)))
                        .status())
                .isEqualTo(200);
    }

    private HttpResponse<byte[]> raw(String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        headers.forEach(request::header);
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }
}
