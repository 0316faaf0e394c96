package dev.marketplace.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.testsupport.TestImages;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

class ImageStorageTest {

    private static final String ITEM = "0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11";
    private static final String IMAGE = "4f1d8c2e-7a3b-4e5f-9c1d-2b3a4c5d6e7f";

    @TempDir
    Path dir;

    ImageStorage storage;

    @BeforeEach
    void setUp() throws Exception {
        storage = new ImageStorage(new ImageProperties(dir.resolve("images"), DataSize.ofMegabytes(5), 10));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "..",
                ".",
                "../..",
                "../etc/passwd",
                "%2e%2e",
                "%2e%2e%2fetc%2fpasswd",
                "..%2F..%2F",
                "/etc/passwd",
                "C:\\Windows\\win.ini",
                "..\\..\\secret",
                "",
                " ",
                "x",
                "4F1D8C2E-7A3B-4E5F-9C1D-2B3A4C5D6E7F",
                "{4f1d8c2e-7a3b-4e5f-9c1d-2b3a4c5d6e7f}",
                "1-1-1-1-1",
                "4f1d8c2e7a3b4e5f9c1d2b3a4c5d6e7f",
                "4f1d8c2e-7a3b-4e5f-9c1d-2b3a4c5d6e7f/..",
                "4f1d8c2e-7a3b-4e5f-9c1d-2b3a4c5d6e7f\u0000",
                "4f1d8c2e-7a3b-4e5f-9c1d-2b3a4c5d6e7f/../../x",
                " 4f1d8c2e-7a3b-4e5f-9c1d-2b3a4c5d6e7f"
            })
    void anIdThatIsNotACanonicalUuidIsRefused(String id) {
        assertThatThrownBy(() -> storage.resolve(ITEM, id)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.resolve(id, IMAGE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullIdsAreRefused() {
        assertThatThrownBy(() -> storage.resolve(ITEM, (String) null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResolvedPathIsAlwaysTwoLevelsUnderTheRoot() {
        for (int i = 0; i < 1000; i++) {
            Path path = storage.resolve(UUID.randomUUID(), UUID.randomUUID());
            assertThat(path.normalize().startsWith(storage.root())).isTrue();
            assertThat(storage.root().relativize(path).getNameCount()).isEqualTo(2);
        }
        assertThat(storage.resolve(ITEM, IMAGE))
                .isEqualTo(storage.root().resolve(ITEM).resolve(IMAGE));
    }

    @Test
    void theRootIsAbsoluteAndNormalisedEvenWhenConfiguredRelativeWithDots() throws Exception {
        ImageStorage relative = new ImageStorage(
                new ImageProperties(Path.of("target/../target/storage-test"), DataSize.ofMegabytes(1), 1));
        assertThat(relative.root()).isAbsolute();
        assertThat(relative.root().toString()).doesNotContain("..");
        assertThat(relative.resolve(ITEM, IMAGE).startsWith(relative.root())).isTrue();
    }

    @Test
    void aReceivedUploadIsHashedSizedTypedAndKeptUnderItsId() throws Exception {
        byte[] png = TestImages.png();
        UUID item = UUID.fromString(ITEM);
        UUID image = UUID.fromString(IMAGE);

        ImageStorage.Upload upload = storage.receive(item, new ByteArrayInputStream(png), 1000);
        storage.keep(upload, item, image);

        assertThat(upload.type()).isEqualTo(ImageType.PNG);
        assertThat(upload.size()).isEqualTo(png.length);
        assertThat(upload.sha256())
                .isEqualTo(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(png)));
        assertThat(Files.readAllBytes(storage.resolve(item, image))).isEqualTo(png);
        assertThat(Files.list(storage.root().resolve(ITEM)))
                .as("no temporary file left")
                .hasSize(1);
    }

    @Test
    void anUploadOverTheLimitIsRefusedAndLeavesNothing() throws Exception {
        UUID item = UUID.fromString(ITEM);
        assertThatThrownBy(() -> storage.receive(item, new ByteArrayInputStream(TestImages.pngOfSize(2001)), 2000))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE));
        assertThat(Files.list(storage.root().resolve(ITEM))).isEmpty();
        assertThat(storage.receive(item, new ByteArrayInputStream(TestImages.pngOfSize(2000)), 2000)
                        .size())
                .isEqualTo(2000);
    }

    @Test
    void anythingButPngJpegOrWebpIsRefusedBeforeAByteIsStored() {
        UUID item = UUID.fromString(ITEM);
        for (byte[] bytes : new byte[][] {
            TestImages.gif(),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(),
            "%PDF-1.7".getBytes(),
            new byte[0],
            new byte[] {(byte) 0x89, 'P', 'N'},
            "RIFF0000WAVE".getBytes()
        }) {
            assertThatThrownBy(() -> storage.receive(item, new ByteArrayInputStream(bytes), 1000))
                    .isInstanceOfSatisfying(
                            ApiException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.UNSUPPORTED_IMAGE_TYPE));
        }
        assertThat(storage.root().resolve(ITEM)).doesNotExist();
    }

    @Test
    void typesAreSniffedFromMagicBytes() {
        assertThat(ImageType.sniff(TestImages.png(), 12)).contains(ImageType.PNG);
        assertThat(ImageType.sniff(TestImages.jpeg(), 12)).contains(ImageType.JPEG);
        assertThat(ImageType.sniff(TestImages.webp(), 12)).contains(ImageType.WEBP);
        assertThat(ImageType.sniff(TestImages.gif(), 12)).isEmpty();
        assertThat(ImageType.sniff(TestImages.png(), 4)).as("too few bytes").isEmpty();
    }

    @Test
    void deletingAnItemRemovesItsDirectory() throws Exception {
        UUID item = UUID.fromString(ITEM);
        storage.keep(storage.receive(item, new ByteArrayInputStream(TestImages.png()), 1000), item, UUID.randomUUID());
        storage.keep(storage.receive(item, new ByteArrayInputStream(TestImages.jpeg()), 1000), item, UUID.randomUUID());

        storage.deleteAll(item);

        assertThat(storage.root().resolve(ITEM)).doesNotExist();
        assertThat(storage.root()).exists();
    }
}
