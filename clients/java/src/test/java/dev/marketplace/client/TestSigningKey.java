package dev.marketplace.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The test-only key ({@code test-signing-key.pem}) the servers these tests start sign tokens with: without one, the
 * server generates a 2048-bit key at each start.
 */
final class TestSigningKey {

    private static final String RESOURCE = "test-signing-key.pem";

    private TestSigningKey() {}

    /** The PEM block (the file's explanatory header before it is left out). */
    static String pem() {
        try (InputStream in = TestSigningKey.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            int start = text.indexOf("-----BEGIN PRIVATE KEY-----");
            if (start < 0) {
                throw new IllegalStateException(RESOURCE + " holds no PKCS#8 PEM block");
            }
            return text.substring(start).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
