package dev.marketplace.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Tiny files with real magic bytes, for upload tests. */
public final class TestImages {

    private TestImages() {}

    /** A valid 1×1 PNG. */
    public static byte[] png() {
        return java.util.Base64.getDecoder()
                .decode(
                        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    }

    /** A JPEG header followed by filler (enough for sniffing and storage; not a decodable picture). */
    public static byte[] jpeg() {
        byte[] bytes = new byte[600];
        Arrays.fill(bytes, (byte) 0x42);
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[2] = (byte) 0xFF;
        bytes[3] = (byte) 0xE0;
        return bytes;
    }

    /** A RIFF/WEBP header followed by filler. */
    public static byte[] webp() {
        byte[] bytes = new byte[300];
        byte[] head = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }

    /** A GIF: a real image format this API does not accept. */
    public static byte[] gif() {
        return "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;".getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Bytes of the given size that start like a PNG. */
    public static byte[] pngOfSize(int size) {
        byte[] bytes = new byte[size];
        byte[] png = png();
        System.arraycopy(png, 0, bytes, 0, Math.min(png.length, size));
        return bytes;
    }
}
