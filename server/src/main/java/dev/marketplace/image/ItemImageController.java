package dev.marketplace.image;

import dev.marketplace.api.ItemImagesApi;
import dev.marketplace.api.model.ImageDto;
import dev.marketplace.api.model.ImageListDto;
import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.RangeNotSatisfiableException;
import dev.marketplace.shared.security.CurrentActor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * HTTP face of item images. Downloads return a {@link Resource}: Spring answers {@code If-None-Match} with 304
 * (from the ETag set here) and a single {@code Range} with 206 and {@code Content-Range}; ranges it could not
 * serve are refused here first, as a 416 problem.
 */
@RestController
class ItemImageController implements ItemImagesApi {

    private static final CacheControl IMMUTABLE =
            CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    private final ImageService images;
    private final CurrentActor actor;
    private final jakarta.servlet.http.HttpServletRequest request;

    ItemImageController(ImageService images, CurrentActor actor, jakarta.servlet.http.HttpServletRequest request) {
        this.images = images;
        this.actor = actor;
        this.request = request;
    }

    @Override
    public ResponseEntity<ImageDto> uploadItemImage(UUID itemId, MultipartFile file) {
        try (InputStream content = file.getInputStream()) {
            ImageDto image = images.upload(itemId, content, actor.require());
            return ResponseEntity.created(URI.create(image.getUrl())).body(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ResponseEntity<ImageListDto> listItemImages(UUID itemId) {
        return ResponseEntity.ok(images.list(itemId));
    }

    @Override
    public ResponseEntity<Resource> getItemImage(UUID itemId, UUID imageId, String ifNoneMatch, String range) {
        ImageService.ImageFile file = images.file(itemId, imageId);
        String etag = "\"" + file.sha256() + "\"";
        String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
        if (range != null && ifRange != null && !ifRange.strip().equals(etag) && !matches(ifNoneMatch, etag)) {
            // RFC 9110 §13.1.5: the client's copy is stale (another ETag, or a date: we send no Last-Modified),
            // so the Range is ignored and the whole image is sent. An InputStreamResource is never sliced by Spring.
            return ResponseEntity.ok()
                    .eTag(etag)
                    .cacheControl(IMMUTABLE)
                    .contentType(MediaType.parseMediaType(file.contentType()))
                    .contentLength(file.size())
                    .body(new org.springframework.core.io.InputStreamResource(new FileSystemResource(file.path())));
        }
        if (range != null && !matches(ifNoneMatch, etag)) {
            requireSingleSatisfiableRange(range, file.size());
        }
        return ResponseEntity.ok()
                .eTag(etag)
                .cacheControl(IMMUTABLE)
                .contentType(MediaType.parseMediaType(file.contentType()))
                .body(new FileSystemResource(file.path()));
    }

    @Override
    public ResponseEntity<Void> deleteItemImage(UUID itemId, UUID imageId) {
        try {
            images.delete(itemId, imageId, actor.require());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.noContent().build();
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        return ifNoneMatch != null && (ifNoneMatch.strip().equals("*") || ifNoneMatch.contains(etag));
    }

    /** One byte range inside the file; anything else (several ranges, malformed, past the end) is a 416. */
    private static void requireSingleSatisfiableRange(String header, long size) {
        List<HttpRange> ranges;
        try {
            ranges = HttpRange.parseRanges(header);
        } catch (IllegalArgumentException e) {
            throw unsatisfiable("The Range header is not a valid byte range.", size);
        }
        if (ranges.size() != 1) {
            throw unsatisfiable("Only a single byte range is supported.", size);
        }
        try {
            HttpRange range = ranges.getFirst();
            long start = range.getRangeStart(size);
            long end = range.getRangeEnd(size);
            if (start >= size || end < start) {
                throw unsatisfiable("The range lies outside the " + size + " bytes of the image.", size);
            }
        } catch (IllegalArgumentException e) {
            throw unsatisfiable("The range lies outside the " + size + " bytes of the image.", size);
        }
    }

    private static ApiException unsatisfiable(String detail, long size) {
        return new RangeNotSatisfiableException(detail, size);
    }
}
