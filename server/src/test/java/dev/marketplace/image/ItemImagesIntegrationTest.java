package dev.marketplace.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.BinaryResponse;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.TestImages;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Upload, list, download (ETag, 304, ranges, caching), delete; limits, sniffing and ownership over real HTTP. */
class ItemImagesIntegrationTest extends ApiIntegrationTest {

    @Autowired
    ImageStorage storage;

    ApiClient owner;
    String item;

    @BeforeEach
    void item() {
        owner = anonymous.withToken(seller().accessToken());
        Response created =
                owner.post("/api/v2/items", "{\"name\":\"Pictured lamp\",\"price\":\"10.00\",\"currency\":\"EUR\"}");
        assertThat(created.status()).isEqualTo(201);
        item = created.header("Location");
    }

    @Test
    void anUploadedImageIsListedAndDownloadedByteForByteWithImmutableCachingAndAStrongEtag() throws Exception {
        byte[] png = TestImages.png();

        Response uploaded = owner.upload(item + "/images", "lamp.png", "image/png", png);

        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        JsonNode image = json(uploaded);
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
        assertThat(image.get("content_type").asString()).isEqualTo("image/png");
        assertThat(image.get("size").asLong()).isEqualTo(png.length);
        assertThat(image.get("sha256").asString()).isEqualTo(sha256);
        assertThat(image.get("item_id").asString()).isEqualTo(item.substring(item.lastIndexOf('/') + 1));
        assertThat(uploaded.header("Location"))
                .isEqualTo(image.get("url").asString())
                .isEqualTo(item + "/images/" + image.get("id").asString());

        JsonNode list = json(anonymous.get(item + "/images"));
        assertThat(list.get("data")).hasSize(1);
        assertThat(list.get("data").get(0).get("id").asString())
                .isEqualTo(image.get("id").asString());

        BinaryResponse download = anonymous.download(uploaded.header("Location"), Map.of());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(png);
        assertThat(download.header("Content-Type")).isEqualTo("image/png");
        assertThat(download.header("Content-Length")).isEqualTo(String.valueOf(png.length));
        assertThat(download.header("ETag")).isEqualTo("\"" + sha256 + "\"");
        assertThat(download.header("Cache-Control")).contains("public", "max-age=31536000", "immutable");
        assertThat(download.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void aMatchingIfNoneMatchIsA304WithoutBody() {
        String url = upload(TestImages.png());
        String etag = anonymous.download(url, Map.of()).header("ETag");

        BinaryResponse notModified = anonymous.download(url, Map.of("If-None-Match", etag));
        BinaryResponse other = anonymous.download(url, Map.of("If-None-Match", "\"0000\""));

        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.header("ETag")).isEqualTo(etag);
        assertThat(other.status()).isEqualTo(200);
    }

    @Test
    void aSingleRangeIsA206WithContentRange() {
        byte[] jpeg = TestImages.jpeg();
        String url = upload(jpeg);

        BinaryResponse head = anonymous.download(url, Map.of("Range", "bytes=0-9"));
        BinaryResponse tail = anonymous.download(url, Map.of("Range", "bytes=-100"));
        BinaryResponse open = anonymous.download(url, Map.of("Range", "bytes=590-"));

        assertThat(head.status()).isEqualTo(206);
        assertThat(head.header("Content-Range")).isEqualTo("bytes 0-9/" + jpeg.length);
        assertThat(head.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(head.body()).isEqualTo(Arrays.copyOfRange(jpeg, 0, 10));
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(jpeg, jpeg.length - 100, jpeg.length));
        assertThat(open.header("Content-Range")).isEqualTo("bytes 590-599/600");
        assertThat(open.body()).hasSize(10);
    }

    @Test
    void ifRangeWithAStaleValidatorGetsTheWholeImageInsteadOfAPart() {
        byte[] png = TestImages.png();
        String url = upload(png);
        String etag = anonymous.download(url, Map.of()).header("ETag");

        BinaryResponse current = anonymous.download(url, Map.of("Range", "bytes=0-3", "If-Range", etag));
        BinaryResponse stale =
                anonymous.download(url, Map.of("Range", "bytes=0-3", "If-Range", "\"an-older-version\""));
        BinaryResponse dated =
                anonymous.download(url, Map.of("Range", "bytes=0-3", "If-Range", "Wed, 21 Oct 2015 07:28:00 GMT"));

        assertThat(current.status()).isEqualTo(206);
        assertThat(current.body()).isEqualTo(Arrays.copyOfRange(png, 0, 4));
        for (BinaryResponse whole : List.of(stale, dated)) {
            assertThat(whole.status()).isEqualTo(200);
            assertThat(whole.header("Content-Range")).isNull();
            assertThat(whole.header("Content-Length")).isEqualTo(String.valueOf(png.length));
            assertThat(whole.header("ETag")).isEqualTo(etag);
            assertThat(whole.body()).isEqualTo(png);
        }
    }

    @Test
    void anUnsatisfiableOrMultipleRangeIsA416Problem() {
        byte[] jpeg = TestImages.jpeg();
        String url = upload(jpeg);

        for (String range :
                new String[] {"bytes=600-", "bytes=1000-2000", "bytes=0-1,5-9", "bytes=9-2", "pages=1-2", "bytes=-0"}) {
            BinaryResponse response = anonymous.download(url, Map.of("Range", range));
            assertThat(response.status()).as(range).isEqualTo(416);
            assertThat(response.header("Content-Type")).as(range).startsWith("application/problem+json");
            assertThat(response.text()).as(range).contains("\"code\":\"range_not_satisfiable\"");
            assertThat(response.header("Content-Range")).as(range).isEqualTo("bytes */" + jpeg.length);
        }
    }

    @Test
    void theTypeComesFromTheBytesNotFromTheDeclaredContentTypeOrName() {
        Response gifAsPng = owner.upload(item + "/images", "photo.png", "image/png", TestImages.gif());
        Response svg = owner.upload(
                item + "/images",
                "logo.png",
                "image/png",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes());
        Response jpegAsText = owner.upload(item + "/images", "../../evil.exe", "text/plain", TestImages.jpeg());
        Response webpUnnamed = owner.upload(item + "/images", "blob", "application/octet-stream", TestImages.webp());

        problem(gifAsPng, 415, "unsupported_image_type");
        problem(svg, 415, "unsupported_image_type");
        assertThat(jpegAsText.status()).isEqualTo(201);
        assertThat(json(jpegAsText).get("content_type").asString()).isEqualTo("image/jpeg");
        assertThat(json(webpUnnamed).get("content_type").asString()).isEqualTo("image/webp");
        assertThat(anonymous.download(jpegAsText.header("Location"), Map.of()).header("Content-Type"))
                .isEqualTo("image/jpeg");
        assertThat(Path.of("target/test-images").resolve("evil.exe")).doesNotExist();
        assertThat(Path.of("evil.exe")).doesNotExist();
    }

    @Test
    void aFileOverTheSizeLimitIsA413Problem() {
        Response tooLarge =
                owner.upload(item + "/images", "big.png", "image/png", TestImages.pngOfSize(5 * 1024 * 1024 + 1));
        Response atTheLimit =
                owner.upload(item + "/images", "big.png", "image/png", TestImages.pngOfSize(5 * 1024 * 1024));

        problem(tooLarge, 413, "payload_too_large");
        assertThat(atTheLimit.status()).as(atTheLimit.body()).isEqualTo(201);
    }

    @Test
    void aDeclaredBodyFarOverTheLimitIsRefusedBeforeItIsRead() {
        // The multipart request limit (file limit + framing) is checked against Content-Length by BodySizeLimitFilter.
        byte[] huge = new byte[8 * 1024 * 1024];
        System.arraycopy(TestImages.png(), 0, huge, 0, 8);
        Response response;
        try {
            response = owner.upload(item + "/images", "huge.png", "image/png", huge);
        } catch (java.io.UncheckedIOException e) {
            return; // the server may close the connection while the client is still sending: refused either way
        }
        problem(response, 413, "payload_too_large");
    }

    @Test
    void theEleventhImageOfAnItemIsAConflict() {
        for (int i = 0; i < 10; i++) {
            assertThat(owner.upload(item + "/images", "p.png", "image/png", TestImages.png())
                            .status())
                    .isEqualTo(201);
        }

        Response eleventh = owner.upload(item + "/images", "p.png", "image/png", TestImages.png());

        problem(eleventh, 409, "image_limit_reached");
        assertThat(json(anonymous.get(item + "/images")).get("data")).hasSize(10);
    }

    @Test
    void concurrentUploadsNeverPassTheLimit() throws Exception {
        for (int i = 0; i < 7; i++) {
            upload(TestImages.png());
        }
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var uploads = java.util.stream.IntStream.range(0, 8)
                    .mapToObj(i ->
                            executor.submit(() -> owner.upload(item + "/images", "p.png", "image/png", TestImages.png())
                                    .status()))
                    .toList();
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            for (var upload : uploads) {
                statuses.add(upload.get());
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(3);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(5);
        }
        assertThat(json(anonymous.get(item + "/images")).get("data")).hasSize(10);
    }

    @Test
    void onlyTheOwnerOrAnAdminMayUploadOrDelete() {
        ApiClient otherSeller = anonymous.withToken(accounts.session("seller").accessToken());
        ApiClient admin = anonymous.withToken(accounts.session("admin").accessToken());
        String url = upload(TestImages.png());

        problem(otherSeller.upload(item + "/images", "p.png", "image/png", TestImages.png()), 403, "forbidden");
        problem(otherSeller.delete(url), 403, "forbidden");
        assertThat(admin.upload(item + "/images", "p.png", "image/png", TestImages.png())
                        .status())
                .isEqualTo(201);
        assertThat(admin.delete(url).status()).isEqualTo(204);
    }

    @Test
    void deletingAnImageRemovesItsRowAndFile() {
        Response uploaded = owner.upload(item + "/images", "p.png", "image/png", TestImages.png());
        String url = uploaded.header("Location");
        Path file = storage.resolve(itemId(), json(uploaded).get("id").asString());
        assertThat(file).exists();

        assertThat(owner.delete(url).status()).isEqualTo(204);

        assertThat(file).doesNotExist();
        JsonNode gone = JSON.readTree(anonymous.download(url, Map.of()).text());
        assertThat(gone.get("code").asString()).isEqualTo("image_not_found");
        problem(owner.delete(url), 404, "image_not_found");
        assertThat(json(anonymous.get(item + "/images")).get("data")).isEmpty();
    }

    @Test
    void deletingTheItemRemovesItsImageFiles() {
        upload(TestImages.png());
        upload(TestImages.jpeg());
        Path directory = storage.root().resolve(itemId());
        assertThat(directory).isDirectory();

        assertThat(owner.delete(item).status()).isEqualTo(204);

        assertThat(directory).doesNotExist();
        problem(anonymous.get(item + "/images"), 404, "item_not_found");
    }

    @Test
    void anImageIsOnlyFoundUnderItsOwnItem() {
        String url = upload(TestImages.png());
        String imageId = url.substring(url.lastIndexOf('/') + 1);
        Response otherItem =
                owner.post("/api/v2/items", "{\"name\":\"Other\",\"price\":\"1.00\",\"currency\":\"EUR\"}");

        BinaryResponse wrongItem = anonymous.download(otherItem.header("Location") + "/images/" + imageId, Map.of());

        assertThat(wrongItem.status()).isEqualTo(404);
        problem(owner.delete(otherItem.header("Location") + "/images/" + imageId), 404, "image_not_found");
    }

    @Test
    void uploadsToAMissingItemOrWithoutAFilePartOrAsJsonAreRefused() {
        problem(
                owner.upload(
                        "/api/v2/items/99999999-9999-4999-8999-999999999999/images",
                        "p.png",
                        "image/png",
                        TestImages.png()),
                404,
                "item_not_found");
        dev.marketplace.testsupport.Multipart wrongField =
                dev.marketplace.testsupport.Multipart.file("picture", "p.png", "image/png", TestImages.png());
        assertValidationError(
                owner.sendBytes("POST", item + "/images", wrongField.contentType(), wrongField.body(), Map.of()),
                "file",
                "required");
        problem(owner.post(item + "/images", "{\"file\":\"iVBORw0KGgo=\"}"), 415, "unsupported_media_type");
        assertValidationError(
                owner.sendBytes(
                        "POST", item + "/images", "multipart/form-data; boundary=nope", "garbage".getBytes(), Map.of()),
                "file",
                "required");
    }

    private String upload(byte[] bytes) {
        Response uploaded = owner.upload(item + "/images", "p.bin", "image/png", bytes);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        return uploaded.header("Location");
    }

    private String itemId() {
        return item.substring(item.lastIndexOf('/') + 1);
    }
}
