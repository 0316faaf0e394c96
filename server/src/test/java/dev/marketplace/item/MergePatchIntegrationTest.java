package dev.marketplace.item;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** RFC 7396 end to end (absent, value, null; arrays replace) and the wire formats of the data types. */
class MergePatchIntegrationTest extends ApiIntegrationTest {

    private static final String MICROS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";

    ApiClient api;

    @BeforeEach
    void signIn() {
        api = anonymous.withToken(seller().accessToken());
    }

    @Test
    void arraysAreReplacedWholeAndAbsentArraysStay() {
        Response created = api.post("/api/v2/items", """
                {"name":"Tagged","price":"1.00","currency":"EUR","tags":["lighting","vintage"]}""");
        String path = created.header("Location");
        assertThat(tags(json(created))).containsExactly("lighting", "vintage");

        assertThat(tags(json(api.patch(path, "{\"name\":\"Renamed\"}")))).containsExactly("lighting", "vintage");
        assertThat(tags(json(api.patch(path, "{\"tags\":[\"restored\"]}")))).containsExactly("restored");
        assertThat(tags(json(api.patch(path, "{\"tags\":[]}")))).isEmpty();
        assertThat(tags(json(api.get(path)))).isEmpty();
        assertThat(tags(json(api.post("/api/v2/items", "{\"name\":\"Bare\",\"price\":\"1.00\",\"currency\":\"EUR\"}"))))
                .isEmpty();
    }

    @Test
    void tagsAreBoundedAndNotNullable() {
        String path = api.post("/api/v2/items", "{\"name\":\"Bounded\",\"price\":\"1.00\",\"currency\":\"EUR\"}")
                .header("Location");
        assertValidationError(api.patch(path, "{\"tags\":null}"), "tags", "not_null");
        assertValidationError(api.patch(path, "{\"tags\":[\"" + "x".repeat(31) + "\"]}"), "tags[0]", "length");
        assertValidationError(api.patch(path, "{\"tags\":[\"\"]}"), "tags[0]", "length");
        String eleven = String.join(",", java.util.Collections.nCopies(11, "\"t\""));
        assertValidationError(api.patch(path, "{\"tags\":[" + eleven + "]}"), "tags", "length");
        assertValidationError(api.patch(path, "{\"tags\":\"one\"}"), "tags", "type");
        assertValidationError(api.patch(path, "{\"tags\":[\"ok\",null]}"), "tags[1]", "not_null");
        assertValidationError(
                api.post("/api/v2/items", "{\"name\":\"N\",\"price\":\"1.00\",\"currency\":\"EUR\",\"tags\":[null]}"),
                "tags[0]",
                "not_null");
        assertThat(json(api.get(path)).get("version").asLong()).isZero();
    }

    @Test
    void timestampsHaveMicrosecondsAndCreatedAtSurvivesAPatch() {
        JsonNode item = json(api.post("/api/v2/items", "{\"name\":\"Clock\",\"price\":\"1.00\",\"currency\":\"EUR\"}"));
        String createdAt = item.get("created_at").asString();
        assertThat(createdAt).matches(MICROS);
        assertThat(item.get("updated_at").asString()).matches(MICROS);
        assertThat(item.get("id").asString()) // canonical lower case; version 7 (time-ordered, TimeOrderedIds)
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

        JsonNode patched = json(api.patch("/api/v2/items/" + item.get("id").asString(), "{\"price\":\"2\"}"));
        assertThat(patched.get("created_at").asString()).isEqualTo(createdAt);
        assertThat(patched.get("updated_at").asString()).matches(MICROS).isGreaterThan(createdAt);
        assertThat(patched.get("price").asString()).isEqualTo("2.00");
        assertThat(patched.get("currency").asString()).isEqualTo("EUR");
        assertThat(json(api.get("/api/v2/users/me")).get("created_at").asString())
                .matches(MICROS);
    }

    @Test
    void myAccountPatchFollowsMergePatchRules() {
        ApiClient me = anonymous.withToken(accounts.session("buyer").accessToken());
        assertValidationError(me.patch("/api/v2/users/me", "{\"display_name\":null}"), "display_name", "not_null");
        assertValidationError(
                me.patch("/api/v2/users/me", "{\"email\":\"x@example.com\"}"), "email", "unknown_property");
        assertValidationError(me.patch("/api/v2/users/me", "{\"version\":3}"), "version", "unknown_property");
        assertValidationError(me.patch("/api/v2/users/me", "{\"nickname\":\"x\"}"), "nickname", "unknown_property");
        problem(me.patch("/api/v2/users/me", "{}"), 400, "empty_patch");
        JsonNode renamed = json(me.patch("/api/v2/users/me", "{\"display_name\":\"New name\"}"));
        assertThat(renamed.get("display_name").asString()).isEqualTo("New name");
        assertThat(renamed.get("role").asString()).isEqualTo("buyer");
        assertThat(renamed.get("version").asLong()).isEqualTo(1);
    }

    private static List<String> tags(JsonNode item) {
        List<String> tags = new ArrayList<>();
        item.get("tags").forEach(t -> tags.add(t.asString()));
        return tags;
    }
}
