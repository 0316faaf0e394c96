package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.client.model.Image;
import dev.marketplace.client.model.ImageContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Partner-integration contracts, item images: the multipart upload, an unsupported type, delete. Shares the stub runner and its checks with the other partner contract tests ({@link PartnerContractSupport}). */
class PartnerImagesContractTest extends PartnerContractSupport {

    @Test
    void uploadItemImageSendsTheFileAsMultipartAndReturnsTheStoredImage(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var file = new org.springframework.core.io.FileSystemResource(
                java.nio.file.Files.write(dir.resolve("lamp.png"), LAMP_PNG));

        Image image = client.images().uploadItemImage(LAMP, file);

        assertThat(image.getItemId()).isEqualTo(LAMP);
        assertThat(image.getContentType()).isEqualTo(ImageContentType.PNG);
        assertThat(image.getSize()).isEqualTo(70L);
        assertThat(image.getSha256()).isEqualTo("c414cd0e204de974f73753c7e28d7638e7b3691bb8b1a2bab6b25bb7fed7ce77");
        assertThat(image.getUrl()).isEqualTo("/api/v2/items/" + LAMP + "/images/" + image.getId());
    }

    @Test
    void uploadingAGifIsAnUnsupportedImageTypeProblem() {
        // In memory: a ByteArrayResource needs a file name, or the part is sent as a plain form field.
        var gif =
                new org.springframework.core.io.ByteArrayResource("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    @Override
                    public String getFilename() {
                        return "not-an-image.gif";
                    }
                };

        assertThatThrownBy(() -> client.images().uploadItemImage(LAMP, gif))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
                    assertThat(e.getCode()).contains("unsupported_image_type");
                    assertThat(e.getRequestId()).contains(REQUEST_ID);
                });
    }

    @Test
    void deleteItemImageSucceedsWithNoContent() {
        client.images().deleteItemImage(LAMP, UUID.fromString("1a000000-0000-4000-8000-000000000001"));
    }
}
