package dev.marketplace.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one image every contract test starts from: a 70-byte PNG ({@code contracts/web-frontend/lamp.png}) of the
 * fixture lamp ({@code 11111111-…}), id {@link #LAMP_IMAGE_ID}, stored as the server stores uploads
 * ({@code <images dir>/<item id>/<image id>}). Rows go with {@link ItemFixtures#reset} (foreign key cascade).
 */
final class ImageFixtures {

    static final String LAMP_ID = "11111111-1111-4111-8111-111111111111";
    static final String LAMP_IMAGE_ID = "1a000000-0000-4000-8000-000000000001";
    static final String LAMP_PNG_SHA256 = "c414cd0e204de974f73753c7e28d7638e7b3691bb8b1a2bab6b25bb7fed7ce77";
    /** Where the server under test keeps image files (set by {@link ContractTestBase}). */
    static final Path DIR = createDir();

    private ImageFixtures() {}

    /** After {@link ItemFixtures#reset}: inserts the image row and writes its file. */
    static void reset(JdbcTemplate jdbc) {
        byte[] png = lampPng();
        jdbc.update("""
        INSERT INTO item_images (id, item_id, content_type, size, sha256, created_at)
        VALUES (CAST(? AS uuid), CAST(? AS uuid), 'image/png', ?, ?, CAST('2026-02-01T10:00:00Z' AS timestamptz))
        """, LAMP_IMAGE_ID, LAMP_ID, png.length, LAMP_PNG_SHA256);
        try {
            Path file = DIR.resolve(LAMP_ID).resolve(LAMP_IMAGE_ID);
            Files.createDirectories(file.getParent());
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] lampPng() {
        try (InputStream in =
                ImageFixtures.class.getClassLoader().getResourceAsStream("contracts/web-frontend/lamp.png")) {
            if (in == null) {
                throw new IllegalStateException("contracts/web-frontend/lamp.png is not on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDir() {
        try {
            return Files.createTempDirectory("contract-images-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
