package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.client.model.FieldError;
import dev.marketplace.client.model.Item;
import dev.marketplace.client.model.ItemCreate;
import dev.marketplace.client.model.ItemPage;
import dev.marketplace.client.model.ItemPatch;
import dev.marketplace.client.model.ItemSort;
import dev.marketplace.client.model.ItemStatus;
import dev.marketplace.client.model.Problem;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/** Partner-integration contracts, items: create, get, list and page, conditional and merge patches, delete, and their problems. Shares the stub runner and its checks with the other partner contract tests ({@link PartnerContractSupport}). */
class PartnerItemsContractTest extends PartnerContractSupport {

    @Test
    void aConditionalPatchWithTheCurrentETagAppliesAndReturnsTheNextETag() {
        ResponseEntity<Item> updated =
                client.items().updateItemWithHttpInfo(RADIO, new ItemPatch().price("72.00"), "\"" + RADIO + "-v1\"");

        assertThat(updated.getStatusCode().value()).isEqualTo(200);
        // WireMock's Jetty marks a tag of a gzipped stub response ("…-v2--gzip"); the server's Tomcat weakens it
        // (W/"…").
        assertThat(updated.getHeaders().getETag()).startsWith("\"" + RADIO + "-v2");
        Item item = updated.getBody();
        assertThat(item).isNotNull();
        assertThat(item.getPrice()).isEqualTo("72.00");
        assertThat(item.getVersion()).isEqualTo(2L);
        assertThat(item.getTags()).isEmpty();
    }

    @Test
    void aConditionalPatchWithAStaleETagIsAPreconditionFailedProblem() {
        assertThatThrownBy(
                        () -> client.items().updateItem(RADIO, new ItemPatch().price("72.00"), "\"" + RADIO + "-v0\""))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(412);
                    assertThat(e.getCode()).contains("precondition_failed");
                    assertThat(e.getRequestId()).contains(REQUEST_ID);
                });
    }

    @Test
    void createItemReturnsTheCreatedDraftWithLocation() {
        ResponseEntity<Item> response = client.items()
                .createItemWithHttpInfo(new ItemCreate()
                        .name("Cast-iron teapot")
                        .price("4500")
                        .currency("JPY")
                        .status(ItemStatus.DRAFT));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Item item = response.getBody();
        assertThat(item).isNotNull();
        assertThat(response.getHeaders().getLocation()).isNotNull();
        assertThat(response.getHeaders().getLocation().getPath()).isEqualTo("/api/v2/items/" + item.getId());
        assertThat(response.getHeaders().getFirst("X-Request-Id")).isEqualTo(REQUEST_ID);
        assertThat(item.getId()).isNotNull();
        assertThat(item.getName()).isEqualTo("Cast-iron teapot");
        assertThat(item.getDescription()).isNull();
        assertThat(item.getPrice()).isEqualTo("4500");
        assertThat(item.getCurrency()).isEqualTo("JPY");
        assertThat(item.getStatus()).isEqualTo(ItemStatus.DRAFT);
        assertThat(item.getCreatedAt()).isNotNull();
        assertThat(item.getUpdatedAt()).isNotNull();
        assertThat(item.getVersion()).isZero();
        assertThat(item.getOwnerId()).isEqualTo(SELLER_ID);
    }

    @Test
    void createItemWithADecimalCommaIsAValidationProblemNamingPrice() {
        assertThatThrownBy(() -> client.items()
                        .createItem(new ItemCreate()
                                .name("Cast-iron teapot")
                                .price("12,50")
                                .currency("EUR")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    Problem problem = e.getProblem().orElseThrow();
                    assertThat(problem.getCode()).isEqualTo("validation_error");
                    assertThat(problem.getType())
                            .isEqualTo("https://api.marketplace.example/problems/validation-error");
                    assertThat(problem.getStatus()).isEqualTo(400);
                    assertThat(problem.getInstance()).isEqualTo("/api/v2/items");
                    assertThat(problem.getRequestId()).isEqualTo(REQUEST_ID);
                    assertThat(problem.getErrors())
                            .extracting(FieldError::getField, FieldError::getCode)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple("price", "pattern"));
                });
    }

    @Test
    void getItemReturnsTheItem() {
        Item item = client.items().getItem(UUID.fromString("33333333-3333-4333-8333-333333333333"), null);

        assertThat(item.getId()).isEqualTo(UUID.fromString("33333333-3333-4333-8333-333333333333"));
        assertThat(item.getName()).isEqualTo("Vintage valve radio");
        assertThat(item.getDescription()).isEqualTo("Valve radio from 1962, in working order.");
        assertThat(item.getPrice()).isEqualTo("75.50");
        assertThat(item.getCurrency()).isEqualTo("USD");
        assertThat(item.getStatus()).isEqualTo(ItemStatus.ACTIVE);
        assertThat(item.getCreatedAt()).isEqualTo(OffsetDateTime.parse("2026-01-12T09:00:00Z"));
        assertThat(item.getUpdatedAt()).isEqualTo(OffsetDateTime.parse("2026-01-13T08:15:00Z"));
        assertThat(item.getVersion()).isEqualTo(1L);
    }

    @Test
    void getUnknownItemIsAnItemNotFoundProblem() {
        assertThatThrownBy(() -> client.items().getItem(UNKNOWN, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(e.getCode()).contains("item_not_found");
                    assertThat(e.getRequestId()).contains(REQUEST_ID);
                    Problem problem = e.getProblem().orElseThrow();
                    assertThat(problem.getType()).isEqualTo("https://api.marketplace.example/problems/not-found");
                    assertThat(problem.getInstance()).isEqualTo("/api/v2/items/" + UNKNOWN);
                    assertThat(problem.getStatus()).isEqualTo(404);
                });
    }

    @Test
    void listItemsByPriceRangeReturnsOneCheapestFirstPage() {
        ItemPage page = client.items().listItems(10, null, null, null, "50", "200", ItemSort.PRICE_ASC);

        assertThat(page.getHasMore()).isFalse();
        assertThat(page.getNextCursor()).isNull();
        // Anonymous: the fixture seller's draft bookshelf (120.00 EUR) is visible only to its owner and admins.
        assertThat(page.getData()).extracting(Item::getName).containsExactly("Vintage valve radio", "Arc floor lamp");
        assertThat(page.getData()).extracting(Item::getPrice).containsExactly("75.50", "189.00");
        assertThat(page.getData()).extracting(Item::getStatus).containsOnly(ItemStatus.ACTIVE);
        assertThat(page.getData()).extracting(Item::getCurrency).containsExactly("USD", "EUR");
    }

    @Test
    void listItemPagesStopsAfterTheOnlyPage() {
        List<ItemPage> pages = client.listItemPages(10, null, null, "50", "200", ItemSort.PRICE_ASC)
                .toList();

        assertThat(pages).hasSize(1);
        assertThat(pages.getFirst().getData()).hasSize(2);
    }

    @Test
    void listItemsWithALimitAbove100IsAValidationProblemNamingLimit() {
        assertThatThrownBy(() -> client.items().listItems(101, null, null, null, null, null, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getCode()).contains("validation_error");
                    assertThat(e.getProblem().orElseThrow().getErrors())
                            .extracting(FieldError::getField)
                            .containsExactly("limit");
                });
    }

    @Test
    void listItemsWithAnUnknownCursorIsAnInvalidCursorProblem() {
        assertThatThrownBy(() ->
                        client.items().listItems(null, "not-a-cursor-the-server-issued", null, null, null, null, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getCode()).contains("invalid_cursor");
                    assertThat(e.getProblem().orElseThrow().getInstance()).isEqualTo("/api/v2/items");
                });
    }

    @Test
    void patchWithStatusAndPriceReturnsTheUpdatedItem() {
        Item item = client.items()
                .updateItem(
                        UUID.fromString("33333333-3333-4333-8333-333333333333"),
                        new ItemPatch().status(ItemStatus.ARCHIVED).price("70"),
                        null);

        assertThat(item.getStatus()).isEqualTo(ItemStatus.ARCHIVED);
        assertThat(item.getPrice()).isEqualTo("70.00");
        assertThat(item.getName()).isEqualTo("Vintage valve radio");
        assertThat(item.getDescription()).isEqualTo("Valve radio from 1962, in working order.");
        assertThat(item.getVersion()).isEqualTo(2L);
    }

    @Test
    void patchWithNullDescriptionClearsIt() {
        Item item = client.items()
                .updateItem(
                        UUID.fromString("44444444-4444-4444-8444-444444444444"),
                        new ItemPatch().description(null),
                        null);

        assertThat(item.getDescription()).isNull();
        assertThat(item.getName()).isEqualTo("Ceramic vase");
        assertThat(item.getStatus()).isEqualTo(ItemStatus.ARCHIVED);
        assertThat(item.getVersion()).isEqualTo(3L);
    }

    @Test
    void emptyPatchIsAnEmptyPatchProblem() {
        assertThatThrownBy(() -> client.items()
                        .updateItem(UUID.fromString("33333333-3333-4333-8333-333333333333"), new ItemPatch(), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getCode()).contains("empty_patch");
                });
    }

    @Test
    void nullPriceInAPatchIsAValidationProblemNamingPrice() {
        // ItemPatch cannot express "price": null (price is not nullable), so send a raw merge patch
        // through the generated ApiClient.
        Map<String, Object> nullPrice = new LinkedHashMap<>();
        nullPrice.put("price", null);

        assertThatThrownBy(() -> client.apiClient()
                        .invokeAPI(
                                "/api/v2/items/{item_id}",
                                HttpMethod.PATCH,
                                Map.of("item_id", "33333333-3333-4333-8333-333333333333"),
                                new LinkedMultiValueMap<>(),
                                nullPrice,
                                new HttpHeaders(),
                                new LinkedMultiValueMap<>(),
                                new LinkedMultiValueMap<>(),
                                List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON),
                                MediaType.valueOf("application/merge-patch+json"),
                                new String[0],
                                new ParameterizedTypeReference<Item>() {})
                        .body(Item.class))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getCode()).contains("validation_error");
                    assertThat(e.getProblem().orElseThrow().getErrors())
                            .extracting(FieldError::getField)
                            .containsExactly("price");
                });
    }

    @Test
    void deleteItemSucceedsWithNoContent() {
        ResponseEntity<Void> response =
                client.items().deleteItemWithHttpInfo(UUID.fromString("55555555-5555-4555-8555-555555555555"), null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(response.getHeaders().getFirst("X-Request-Id")).isEqualTo(REQUEST_ID);
    }

    @Test
    void deleteUnknownItemIsAnItemNotFoundProblem() {
        assertThatThrownBy(() -> client.items().deleteItem(UNKNOWN, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(e.getCode()).contains("item_not_found");
                    assertThat(e.getProblem().orElseThrow().getInstance()).isEqualTo("/api/v2/items/" + UNKNOWN);
                });
    }
}
