package dev.marketplace.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Real HTTP against a running server: every response is checked against the spec before a test sees it.
 */
public final class ApiClient {

    private static final HttpClient HTTP = newHttpClient();
    private final HttpClient http;
    private final String baseUrl;
    private final Map<String, String> defaultHeaders;

    public ApiClient(int port) {
        this(HTTP, "http://127.0.0.1:" + port, Map.of());
    }

    private ApiClient(HttpClient http, String baseUrl, Map<String, String> defaultHeaders) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.defaultHeaders = defaultHeaders;
    }

    private static HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The same client, sending {@code Authorization: Bearer <token>} on every request. */
    public ApiClient withToken(String accessToken) {
        return new ApiClient(http, baseUrl, Map.of("Authorization", "Bearer " + accessToken));
    }

    /** The same client, sending {@code X-API-Key: <key>} on every request. */
    public ApiClient withApiKey(String key) {
        return new ApiClient(http, baseUrl, Map.of("X-API-Key", key));
    }

    /** The same credentials on a separate HTTP client (its own connections), e.g. for races between clients. */
    public ApiClient withOwnHttpClient() {
        return new ApiClient(newHttpClient(), baseUrl, defaultHeaders);
    }

    public int port() {
        return java.net.URI.create(baseUrl).getPort();
    }

    /** POSTs an {@code application/x-www-form-urlencoded} body built from the given fields. */
    public Response postForm(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8) + "="
                        + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
        return send("POST", path, "application/x-www-form-urlencoded", form, Map.of());
    }

    public Response get(String path) {
        return send("GET", path, null, null, Map.of());
    }

    public Response post(String path, String json) {
        return send("POST", path, "application/json", json, Map.of());
    }

    public Response patch(String path, String mergePatch) {
        return send("PATCH", path, "application/merge-patch+json", mergePatch, Map.of());
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null, Map.of());
    }

    public Response send(String method, String path, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        defaultHeaders.forEach(request::header);
        headers.forEach(request::setHeader);
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return sendRaw(method, path, request.build());
    }

    /** Sends a binary body (e.g. {@link Multipart}); the response is read as text and checked like any other. */
    public Response sendBytes(
            String method, String path, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        request.header("Content-Type", contentType);
        defaultHeaders.forEach(request::header);
        headers.forEach(request::setHeader);
        request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        return sendRaw(method, path, request.build());
    }

    /** Uploads one file as the {@code file} part of a {@code multipart/form-data} body. */
    public Response upload(String path, String filename, String partContentType, byte[] file) {
        Multipart multipart = Multipart.file("file", filename, partContentType, file);
        return sendBytes("POST", path, multipart.contentType(), multipart.body(), Map.of());
    }

    /**
     * A GET whose successful answer is binary (images): the bytes are kept as they are. Checked against the spec
     * like any response (bytes are handed to the validator as ISO-8859-1 text).
     */
    public BinaryResponse download(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        defaultHeaders.forEach(request::header);
        headers.forEach(request::setHeader);
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            BinaryResponse result = new BinaryResponse(
                    response.statusCode(), response.body(), response.headers().map());
            String contentType = result.header("Content-Type");
            boolean problem = contentType != null && contentType.startsWith("application/problem+json");
            SpecValidator.shared()
                    .assertValid(
                            "GET",
                            path,
                            result.status(),
                            contentType,
                            new String(
                                    result.body(),
                                    problem
                                            ? java.nio.charset.StandardCharsets.UTF_8
                                            : java.nio.charset.StandardCharsets.ISO_8859_1),
                            result.headers());
            return result;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response sendRaw(String method, String path, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Response result = new Response(
                    response.statusCode(), response.body(), response.headers().map());
            SpecValidator.shared()
                    .assertValid(
                            method,
                            path,
                            result.status(),
                            result.header("Content-Type"),
                            result.body(),
                            result.headers());
            return result;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    public record BinaryResponse(int status, byte[] body, Map<String, java.util.List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
