package dev.marketplace.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.TestImages;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Image ids are UUID-typed path parameters: traversal attempts (plain, percent-encoded, backslashes, absolute
 * paths) never reach a file. Sent raw (java.net.http, and a socket for what URI classes would normalise), and the
 * answer must be a 400 or 404, never the bytes of a file outside the image directory.
 */
class ImagePathSafetyIntegrationTest extends ApiIntegrationTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SECRET = "top-secret-not-an-image";

    @BeforeAll
    static void secretOutsideTheImageDirectory() throws Exception {
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/secret.txt"), SECRET);
    }

    String item;
    String image;

    @BeforeEach
    void anItemWithAnImage() {
        var owner = anonymous.withToken(seller().accessToken());
        item = owner.post("/api/v2/items", "{\"name\":\"Safe\",\"price\":\"1.00\",\"currency\":\"EUR\"}")
                .header("Location");
        Response uploaded = owner.upload(item + "/images", "p.png", "image/png", TestImages.png());
        assertThat(uploaded.status()).isEqualTo(201);
        image = uploaded.header("Location");
    }

    @Test
    void traversalInTheImageIdIsRefusedOverHttp() throws Exception {
        List<String> attacks = List.of(
                "..",
                "..%2F..%2F..%2Ftarget%2Fsecret.txt",
                "%2e%2e",
                "%2e%2e%2f%2e%2e%2fsecret.txt",
                "..%5c..%5csecret.txt",
                "%252e%252e%252fsecret.txt",
                "..;",
                "..;%2F..;%2Fsecret.txt",
                "secret.txt",
                "%00",
                "4f1d8c2e-7a3b-4e5f-9c1d-2b3a4c5d6e7f%2F..",
                "%2Fetc%2Fpasswd",
                "C:%5CWindows%5Cwin.ini",
                "~",
                "*");
        for (String attack : attacks) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base() + item + "/images/" + attack))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertRefused(attack, response.statusCode(), response.body());
        }
    }

    @Test
    void traversalInTheItemIdIsRefusedOverHttp() throws Exception {
        String imageId = image.substring(image.lastIndexOf('/') + 1);
        for (String attack : List.of("..", "%2e%2e", "..%2F..", "%2Fetc")) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base() + "/api/v2/items/" + attack + "/images/" + imageId))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertRefused(attack, response.statusCode(), response.body());
        }
    }

    @Test
    void rawRequestTargetsThatUriClassesWouldNormaliseAreRefused() throws Exception {
        List<String> targets = List.of(
                item + "/images/../../../../target/secret.txt",
                item + "/images/..%2f..%2fsecret.txt",
                item + "/images/%2e%2e/%2e%2e/secret.txt",
                item + "/images/..\\..\\secret.txt",
                item + "/images//etc/passwd",
                item + "/images/%2F%2Fetc%2Fpasswd",
                "/api/v2/items/../../../target/secret.txt",
                item + "/images/%c0%ae%c0%ae%c0%afsecret.txt");
        for (String target : targets) {
            String[] answer = raw(target);
            assertRefused(target, Integer.parseInt(answer[0]), answer[1]);
        }
    }

    @Test
    void theRealImageIsStillServed() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + image)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(TestImages.png());
    }

    private static void assertRefused(String attack, int status, String body) {
        assertThat(status).as(attack + " -> " + body).isIn(400, 404);
        assertThat(body).as(attack).doesNotContain(SECRET).doesNotContain("root:");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Sends a request line exactly as given; returns {status, body}. */
    private String[] raw(String target) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            String status = response.substring(9, 12);
            int bodyStart = response.indexOf("\r\n\r\n");
            return new String[] {status, bodyStart < 0 ? "" : response.substring(bodyStart + 4)};
        }
    }
}
