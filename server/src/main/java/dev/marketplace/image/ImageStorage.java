package dev.marketplace.image;

import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Image files on disk, at {@code <root>/<item id>/<image id>}. Paths are only ever built from canonical UUIDs
 * (a string that is not one is refused) and checked to stay under the root after normalisation, so nothing a
 * client sends can name another file. Uploads are written to a temporary file next to their final place,
 * checked (type from the first bytes, size while copying) and then moved into place atomically.
 */
@Component
class ImageStorage {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int BUFFER = 64 * 1024;

    /** An upload that passed the checks, waiting to be moved into place (or discarded). */
    record Upload(Path temporary, ImageType type, long size, String sha256) {}

    private final Path root;

    /** The directory is created with the first upload, so runs that never store an image leave nothing behind. */
    ImageStorage(ImageProperties properties) {
        this.root = properties.dir().toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** The file of an image; both ids must be canonical (lower-case, hyphenated) UUIDs. */
    Path resolve(String itemId, String imageId) {
        return inside(
                root.resolve(uuid(itemId).toString()).resolve(uuid(imageId).toString()));
    }

    Path resolve(UUID itemId, UUID imageId) {
        return resolve(itemId.toString(), imageId.toString());
    }

    /** Parses a canonical UUID; anything else ({@code ..}, separators, absolute paths, odd spellings) is refused. */
    static UUID uuid(String value) {
        if (value == null || !CANONICAL_UUID.matcher(value).matches()) {
            throw new IllegalArgumentException("Not a canonical UUID");
        }
        return UUID.fromString(value);
    }

    /**
     * Copies an upload to a temporary file, refusing it when its first bytes are not an accepted image format
     * or when it grows past {@code maxBytes}.
     */
    Upload receive(UUID itemId, InputStream content, long maxBytes) throws IOException {
        byte[] head = new byte[ImageType.SNIFF_LENGTH];
        int headLength = content.readNBytes(head, 0, head.length);
        ImageType type = ImageType.sniff(head, headLength)
                .orElseThrow(() -> new ApiException(
                        ProblemType.UNSUPPORTED_IMAGE_TYPE, "The file is not a PNG, JPEG or WebP image."));
        Path directory = inside(root.resolve(itemId.toString()));
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".upload-", ".tmp");
        try {
            MessageDigest sha256 = sha256();
            long size = headLength;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), sha256)) {
                out.write(head, 0, headLength);
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = content.read(buffer)) > 0; ) {
                    size += n;
                    if (size > maxBytes) {
                        throw new ApiException(
                                ProblemType.PAYLOAD_TOO_LARGE, "An image must not exceed " + maxBytes + " bytes.");
                    }
                    out.write(buffer, 0, n);
                }
            }
            return new Upload(temporary, type, size, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Moves a received upload to its final place. */
    void keep(Upload upload, UUID itemId, UUID imageId) throws IOException {
        Files.move(upload.temporary(), resolve(itemId, imageId), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes a received upload that was not kept (no-op once it was moved). */
    void discard(Upload upload) {
        try {
            Files.deleteIfExists(upload.temporary());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(UUID itemId, UUID imageId) throws IOException {
        Files.deleteIfExists(resolve(itemId, imageId));
    }

    /** Removes every file of an item and its directory. */
    void deleteAll(UUID itemId) throws IOException {
        Path directory = inside(root.resolve(uuid(itemId.toString()).toString()));
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }

    private Path inside(Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        if (!normalized.startsWith(root) || normalized.equals(root)) {
            throw new IllegalArgumentException("Path escapes the image directory");
        }
        return normalized;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
