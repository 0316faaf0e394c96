package dev.marketplace.version;

import dev.marketplace.api.VersionsApi;
import dev.marketplace.api.model.ApiVersionDto;
import dev.marketplace.api.model.ApiVersionListDto;
import dev.marketplace.api.model.ApiVersionStatusDto;
import dev.marketplace.shared.web.CachePolicy;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api}: which versions exist and where they stand. */
@RestController
class ApiVersionsController implements VersionsApi {

    private final ApiVersionListDto versions;

    ApiVersionsController(ApiVersionProperties properties) {
        ApiVersionDto v1 = new ApiVersionDto(
                "v1",
                ApiVersionStatusDto.DEPRECATED,
                "/api/v1",
                properties.sunsetAt().atOffset(ZoneOffset.UTC),
                "/api/docs");
        ApiVersionDto v2 = new ApiVersionDto("v2", ApiVersionStatusDto.CURRENT, "/api/v2", null, "/api/docs");
        this.versions = new ApiVersionListDto(List.of(v1, v2));
    }

    @Override
    public ResponseEntity<ApiVersionListDto> listApiVersions() {
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, CachePolicy.PUBLIC_REVALIDATE)
                .body(versions);
    }
}
