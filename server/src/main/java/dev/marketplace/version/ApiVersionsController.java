package dev.marketplace.version;

import dev.marketplace.api.VersionsApi;
import dev.marketplace.api.model.ApiVersion;
import dev.marketplace.api.model.ApiVersionList;
import dev.marketplace.api.model.ApiVersionStatus;
import dev.marketplace.shared.web.CachePolicy;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api}: which versions exist and where they stand. */
@RestController
class ApiVersionsController implements VersionsApi {

    private final ApiVersionList versions;

    ApiVersionsController(ApiVersionProperties properties) {
        ApiVersion v1 = new ApiVersion(
                "v1",
                ApiVersionStatus.DEPRECATED,
                "/api/v1",
                properties.sunsetAt().atOffset(ZoneOffset.UTC),
                "/api/docs");
        ApiVersion v2 = new ApiVersion("v2", ApiVersionStatus.CURRENT, "/api/v2", null, "/api/docs");
        this.versions = new ApiVersionList(List.of(v1, v2));
    }

    @Override
    public ResponseEntity<ApiVersionList> listApiVersions() {
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, CachePolicy.PUBLIC_REVALIDATE)
                .body(versions);
    }
}
