package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.client.model.ApiVersion;
import dev.marketplace.client.model.Item;
import dev.marketplace.client.model.ItemCreate;
import dev.marketplace.client.model.ItemPage;
import dev.marketplace.client.model.ItemPatch;
import dev.marketplace.client.model.ItemSort;
import dev.marketplace.client.model.ItemStatus;
import dev.marketplace.client.model.V1Item;
import dev.marketplace.client.model.V1ItemList;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;

/** Items against the real server: create, get, conditional requests with ETags, the deprecated v1 list, images, cursor paging, filters, merge patch, validation problems and delete. Runs on the server shared by the live tests ({@link LiveServerSupport}). */
class LiveItemsRoundTripTest extends LiveServerSupport {

    @Test
    void createReturns201WithLocationOfTheNewItemAndGetReturnsIt() {
        ResponseEntity<Item> created = client.items().createItemWithHttpInfo(newItem("Brass desk lamp"));

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Item item = created.getBody();
        assertThat(item).isNotNull();
        assertThat(item.getId()).isNotNull();
        assertThat(item.getName()).isEqualTo("Brass desk lamp");
        assertThat(item.getDescription()).isEqualTo("A 1950s brass desk lamp, rewired.");
        assertThat(item.getPrice()).isEqualTo("49.90");
        assertThat(item.getCurrency()).isEqualTo("EUR");
        assertThat(item.getStatus()).isEqualTo(ItemStatus.ACTIVE);
        assertThat(item.getCreatedAt()).isNotNull();
        assertThat(item.getUpdatedAt()).isNotNull();
        assertThat(item.getVersion()).isNotNull().isGreaterThanOrEqualTo(0L);
        assertThat(item.getOwnerId()).isEqualTo(seller.user().getId().toString());

        URI location = created.getHeaders().getLocation();
        assertThat(location).isNotNull();
        assertThat(location.getPath()).isEqualTo("/api/v2/items/" + item.getId());
        assertThat(created.getHeaders().getFirst(MarketplaceClient.REQUEST_ID_HEADER))
                .isNotBlank();

        Item fetched = client.items().getItem(item.getId(), null);
        assertThat(fetched).isEqualTo(item);
    }

    @Test
    void etagsRevalidateWithIfNoneMatchAndGuardWritesWithIfMatch() {
        ResponseEntity<Item> created =
                client.items().createItemWithHttpInfo(newItem("ETag lamp").tags(List.of("lighting")));
        Item item = created.getBody();
        String etag = created.getHeaders().getETag();
        assertThat(etag).isEqualTo("\"" + item.getId() + "-v0\"");

        ResponseEntity<Item> notModified = client.items().getItemWithHttpInfo(item.getId(), etag);
        assertThat(notModified.getStatusCode().value()).isEqualTo(304);
        assertThat(notModified.getBody()).isNull();

        ResponseEntity<Item> renamed =
                client.items().updateItemWithHttpInfo(item.getId(), new ItemPatch().name("Renamed"), etag);
        assertThat(renamed.getBody().getTags()).containsExactly("lighting");
        assertThatThrownBy(() -> client.items().updateItem(item.getId(), new ItemPatch().name("Lost update"), etag))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.getCode()).contains("precondition_failed"));
        client.items().deleteItem(item.getId(), renamed.getHeaders().getETag());
    }

    @Test
    @SuppressWarnings("deprecation")
    void theDeprecatedV1ListSaysSoInItsHeaders() {
        Item item = client.items().createItem(newItem("v1 visible"));
        ResponseEntity<V1ItemList> list = client.v1().listItemsV1WithHttpInfo();
        assertThat(list.getHeaders().getFirst("Deprecation")).isEqualTo("@1767225600");
        assertThat(list.getHeaders().getFirst("Sunset")).isEqualTo("Fri, 01 Jan 2027 00:00:00 GMT");
        assertThat(list.getHeaders().getFirst("Link")).isEqualTo("</api/v2/items>; rel=\"successor-version\"");
        assertThat(list.getBody().getItems()).extracting(V1Item::getId).contains(item.getId());
        assertThat(client.versions().listApiVersions().getData())
                .extracting(ApiVersion::getVersion)
                .containsExactly("v1", "v2");
    }

    @Test
    void anUploadedImageIsListedAndDownloadedByteForByte(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Item item = client.items().createItem(newItem("Pictured lamp"));
        byte[] png = java.util.Base64.getDecoder()
                .decode(
                        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        // The name and extension say nothing to the server: the type is sniffed from the bytes.
        var file = new org.springframework.core.io.FileSystemResource(
                java.nio.file.Files.write(dir.resolve("upload.bin"), png));

        ResponseEntity<dev.marketplace.client.model.Image> uploaded =
                client.images().uploadItemImageWithHttpInfo(item.getId(), file);

        assertThat(uploaded.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        dev.marketplace.client.model.Image image = uploaded.getBody();
        assertThat(image).isNotNull();
        assertThat(image.getContentType()).isEqualTo(dev.marketplace.client.model.ImageContentType.PNG);
        assertThat(image.getSize()).isEqualTo(png.length);
        assertThat(uploaded.getHeaders().getLocation()).hasPath(image.getUrl());
        assertThat(sent).anySatisfy(r -> assertThat(r.contentType()).startsWith("multipart/form-data"));
        assertThat(client.images().listItemImages(item.getId()).getData()).containsExactly(image);
        org.springframework.core.io.Resource downloaded =
                client.images().getItemImage(item.getId(), image.getId(), null, null);
        assertThat(downloaded.getContentAsByteArray()).isEqualTo(png);

        client.images().deleteItemImage(item.getId(), image.getId());
        assertThat(client.images().listItemImages(item.getId()).getData()).isEmpty();
    }

    @Test
    void createWithOnlyRequiredPropertiesLeavesDescriptionNullAndNormalizesPrice() {
        Item item = client.items()
                .createItem(new ItemCreate().name("Plain chair").price("12").currency("USD"));

        assertThat(item.getDescription()).isNull();
        assertThat(item.getStatus()).isNotNull();
        // Amounts come back with the currency's minor units (as in the update_item_status_and_price contract).
        assertThat(item.getPrice()).isEqualTo("12.00");
    }

    @Test
    void listWalksAllPagesWithTheCursorWithoutDuplicates() {
        String tag = "pagewalk" + UUID.randomUUID().toString().substring(0, 8);
        Set<UUID> createdIds = new HashSet<>();
        IntStream.range(0, 7)
                .forEach(i -> createdIds.add(client.items()
                        .createItem(newItem("Chair " + tag + " #" + i))
                        .getId()));

        List<UUID> seen = new ArrayList<>();
        List<ItemPage> pages = new ArrayList<>();
        String cursor = null;
        ItemPage page;
        do {
            page = client.items().listItems(3, cursor, tag, null, null, null, null);
            pages.add(page);
            assertThat(page.getData()).hasSizeLessThanOrEqualTo(3);
            page.getData().forEach(item -> seen.add(item.getId()));
            if (Boolean.TRUE.equals(page.getHasMore())) {
                assertThat(page.getNextCursor()).isNotBlank();
            } else {
                assertThat(page.getNextCursor()).isNull();
            }
            cursor = page.getNextCursor();
            assertThat(pages).hasSizeLessThan(10); // guards against a cursor that never ends
        } while (Boolean.TRUE.equals(page.getHasMore()));

        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).getData()).hasSize(3);
        assertThat(pages.get(2).getData()).hasSize(1);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(createdIds);

        // Default sort is -created_at: newest first.
        List<Item> all = pages.stream().flatMap(p -> p.getData().stream()).toList();
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i - 1).getCreatedAt())
                    .isAfterOrEqualTo(all.get(i).getCreatedAt());
        }

        // The convenience stream walks the same pages.
        assertThat(client.listAllItems(2, tag, null, null, null, ItemSort.CREATED_AT_ASC)
                        .map(Item::getId)
                        .toList())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(createdIds);
    }

    @Test
    void listFiltersByStatusAndPriceAndSortsByPrice() {
        String tag = "filter" + UUID.randomUUID().toString().substring(0, 8);
        client.items().createItem(newItem("Cheap " + tag).price("5.00"));
        client.items().createItem(newItem("Mid " + tag).price("50.00"));
        client.items().createItem(newItem("Dear " + tag).price("500.00"));
        client.items().createItem(newItem("Draft " + tag).price("60.00").status(ItemStatus.DRAFT));

        ItemPage active =
                client.items().listItems(100, null, tag, ItemStatus.ACTIVE, "10", "1000", ItemSort.PRICE_DESC);

        assertThat(active.getHasMore()).isFalse();
        assertThat(active.getData()).extracting(Item::getPrice).containsExactly("500.00", "50.00");
    }

    @Test
    void mergePatchChangesPriceLeavesAbsentPropertiesAndClearsDescriptionWithNull() {
        Item original = client.items().createItem(newItem("Lamp to patch"));

        Item repriced = client.items().updateItem(original.getId(), new ItemPatch().price("39.50"), null);

        Sent patch = sent.stream()
                .filter(s -> s.method().equals("PATCH")
                        && s.uri().getPath().endsWith(original.getId().toString()))
                .findFirst()
                .orElseThrow();
        assertThat(patch.contentType()).startsWith("application/merge-patch+json");
        assertThat(json.readTree(patch.body())).isEqualTo(json.readTree("{\"price\":\"39.50\"}"));

        assertThat(repriced.getPrice()).isEqualTo("39.50");
        assertThat(repriced.getName()).isEqualTo(original.getName());
        assertThat(repriced.getDescription()).isEqualTo(original.getDescription());
        assertThat(repriced.getCurrency()).isEqualTo(original.getCurrency());
        assertThat(repriced.getStatus()).isEqualTo(original.getStatus());
        assertThat(repriced.getCreatedAt()).isEqualTo(original.getCreatedAt());
        assertThat(repriced.getVersion()).isEqualTo(original.getVersion() + 1);

        Item cleared = client.items().updateItem(original.getId(), new ItemPatch().description(null), null);

        JsonNode clearBody = json.readTree(sent.getLast().body());
        assertThat(clearBody.size()).isEqualTo(1);
        assertThat(clearBody.get("description").isNull()).isTrue();
        assertThat(cleared.getDescription()).isNull();
        assertThat(cleared.getPrice()).isEqualTo("39.50");
        assertThat(cleared.getName()).isEqualTo(original.getName());
        assertThat(cleared.getVersion()).isEqualTo(repriced.getVersion() + 1);

        assertThat(client.items().getItem(original.getId(), null)).isEqualTo(cleared);
    }

    @Test
    void nullOnANonNullablePropertyIsAValidationProblem() {
        Item item = client.items().createItem(newItem("Lamp for bad patch"));

        // The generated model cannot express "name": null (an unset name is omitted), so send it raw
        // and convert Spring's exception with ProblemException.from.
        RestClient raw = RestClient.create(baseUrl);
        assertThatThrownBy(() -> raw.patch()
                        .uri("/api/v2/items/{id}", item.getId())
                        .headers(h ->
                                h.setBearerAuth(client.tokens().orElseThrow().getAccessToken()))
                        .contentType(MediaType.valueOf("application/merge-patch+json"))
                        .body("{\"name\":null}")
                        .retrieve()
                        .toBodilessEntity())
                .isInstanceOf(RestClientResponseException.class)
                .satisfies(thrown -> {
                    ProblemException e =
                            ProblemException.from((RestClientResponseException) thrown, client.jsonMapper());
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                    assertThat(e.getProblem()).isPresent();
                    assertThat(e.getProblem().get().getStatus()).isEqualTo(400);
                    assertThat(e.getCode()).isPresent();
                });
        assertThat(client.items().getItem(item.getId(), null).getName()).isEqualTo("Lamp for bad patch");
    }

    @Test
    void invalidCreateIsAValidationProblemWithFieldErrors() {
        assertThatThrownBy(() -> client.items()
                        .createItem(new ItemCreate()
                                .name("Bad price")
                                .price("12.345678")
                                .currency("EUR")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                    assertThat(e.getCode()).contains("validation_error");
                    assertThat(e.getProblem().get().getErrors())
                            .isNotEmpty()
                            .anySatisfy(error -> assertThat(error.getField()).isEqualTo("price"));
                    assertThat(e.getRequestId()).isPresent();
                });
    }

    @Test
    void deleteThenGetIsATypedItemNotFoundProblem() {
        Item item = client.items().createItem(newItem("Lamp to delete"));

        ResponseEntity<Void> deleted = client.items().deleteItemWithHttpInfo(item.getId(), null);
        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        assertThatThrownBy(() -> client.items().getItem(item.getId(), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(e.getResponseHeaders().getContentType()).hasToString("application/problem+json");
                    assertThat(e.getCode()).contains("item_not_found");
                    var problem = e.getProblem().orElseThrow();
                    assertThat(problem.getStatus()).isEqualTo(404);
                    assertThat(problem.getType()).isNotBlank();
                    assertThat(problem.getTitle()).isNotBlank();
                    assertThat(problem.getInstance()).isEqualTo("/api/v2/items/" + item.getId());
                    assertThat(problem.getRequestId())
                            .isEqualTo(e.getResponseHeaders().getFirst(MarketplaceClient.REQUEST_ID_HEADER));
                });

        assertThatThrownBy(() -> client.items().deleteItem(item.getId(), null))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.getCode()).contains("item_not_found"));
    }
}
