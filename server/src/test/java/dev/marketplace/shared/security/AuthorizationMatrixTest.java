package dev.marketplace.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.marketplace.payment.WebhookSignatures;
import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.Multipart;
import dev.marketplace.testsupport.TestAccounts.Session;
import dev.marketplace.testsupport.TestImages;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every operation in the spec × every kind of caller → the status it must get. The operations come from
 * the spec's security sections (what the server enforces), so a new operation without a row here fails.
 */
class AuthorizationMatrixTest extends ApiIntegrationTest {

    /** How each operation is called. The ctx supplies fresh resources so calls don't interfere. */
    private final Map<String, Function<Ctx, Call>> calls = new LinkedHashMap<>();

    @Autowired
    RSAKey serverKey;

    @Autowired
    WebhookSignatures webhookSignatures;

    Session seller;
    Session orderBuyer;

    private Session orderBuyer() {
        if (orderBuyer == null) {
            orderBuyer = accounts.session("buyer");
        }
        return orderBuyer;
    }

    private static String orderBody(String itemPath) {
        return "{\"lines\":[{\"item_id\":\"" + itemPath.substring(itemPath.lastIndexOf('/') + 1)
                + "\",\"quantity\":1}]}";
    }

    /** A signed payment event for an order that does not exist (422): a well-authenticated webhook call. */
    private Call paymentEvent() {
        String body = """
                {"id":"evt_matrix_%s","type":"payment.succeeded","created":%d,"data":{"order_id":"%s","amount":"1.00","currency":"EUR"}}""".formatted(
                UUID.randomUUID().toString().replace("-", ""), Instant.now().getEpochSecond(), UUID.randomUUID());
        return new Call(
                "POST",
                "/api/v2/payments/webhook",
                "application/json",
                body,
                Map.of(
                        "Payment-Signature",
                        webhookSignatures.sign(Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8))));
    }

    record Call(
            String method, String path, String contentType, String body, byte[] bytes, Map<String, String> headers) {
        Call(String method, String path, String contentType, String body) {
            this(method, path, contentType, body, null, Map.of());
        }

        Call(String method, String path, String contentType, String body, Map<String, String> headers) {
            this(method, path, contentType, body, null, headers);
        }

        /** A multipart upload of a small PNG as the {@code file} part. */
        static Call upload(String path) {
            Multipart multipart = Multipart.file("file", "matrix.png", "image/png", TestImages.png());
            return new Call("POST", path, multipart.contentType(), null, multipart.body(), Map.of());
        }
    }

    /** Fresh resources for one call, created only if the call needs them. */
    final class Ctx {
        private String itemPath;
        private String otherUserId;
        private String orderPath;

        String ownedItemPath() {
            if (itemPath == null) {
                Response item = anonymous
                        .withToken(seller.accessToken())
                        .post("/api/v2/items", "{\"name\":\"owned\",\"price\":\"2.00\",\"currency\":\"EUR\"}");
                assertThat(item.status()).isEqualTo(201);
                itemPath = item.header("Location");
            }
            return itemPath;
        }

        /** An image of an item owned by the seller. */
        String ownedImagePath() {
            Response image = anonymous
                    .withToken(seller.accessToken())
                    .upload(ownedItemPath() + "/images", "m.png", "image/png", TestImages.png());
            assertThat(image.status()).isEqualTo(201);
            return image.header("Location");
        }

        /** An order of a buyer for the owner seller's item: the owner seller is its seller, other callers strangers. */
        String orderPath() {
            if (orderPath == null) {
                Response order = anonymous
                        .withToken(orderBuyer().accessToken())
                        .send(
                                "POST",
                                "/api/v2/orders",
                                "application/json",
                                orderBody(ownedItemPath()),
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                assertThat(order.status()).as(order.body()).isEqualTo(201);
                orderPath = order.header("Location");
            }
            return orderPath;
        }

        String otherUserId() {
            if (otherUserId == null) {
                otherUserId = accounts.session("buyer").id();
            }
            return otherUserId;
        }
    }

    @BeforeEach
    void setUp() {
        seller = seller();
        calls.put("listItems", c -> new Call("GET", "/api/v2/items?limit=1", null, null));
        calls.put("getItem", c -> new Call("GET", c.ownedItemPath(), null, null));
        calls.put(
                "createItem",
                c -> new Call(
                        "POST",
                        "/api/v2/items",
                        "application/json",
                        "{\"name\":\"m\",\"price\":\"1.00\",\"currency\":\"EUR\"}"));
        calls.put(
                "updateItem",
                c -> new Call("PATCH", c.ownedItemPath(), "application/merge-patch+json", "{\"name\":\"changed\"}"));
        calls.put("deleteItem", c -> new Call("DELETE", c.ownedItemPath(), null, null));
        calls.put(
                "createUser",
                c -> new Call(
                        "POST",
                        "/api/v2/users",
                        "application/json",
                        "{\"email\":\"" + UUID.randomUUID()
                                + "@example.com\",\"password\":\"long-enough-pw\",\"display_name\":\"m\"}"));
        calls.put("listUsers", c -> new Call("GET", "/api/v2/users?limit=1", null, null));
        calls.put("getMe", c -> new Call("GET", "/api/v2/users/me", null, null));
        calls.put(
                "updateMe",
                c -> new Call("PATCH", "/api/v2/users/me", "application/merge-patch+json", "{\"display_name\":\"m\"}"));
        calls.put("deleteMe", c -> new Call("DELETE", "/api/v2/users/me", null, null));
        calls.put("getUser", c -> new Call("GET", "/api/v2/users/" + c.otherUserId(), null, null));
        calls.put(
                "changeUserRole",
                c -> new Call(
                        "PUT",
                        "/api/v2/users/" + c.otherUserId() + "/role",
                        "application/json",
                        "{\"role\":\"seller\"}"));
        calls.put(
                "issueToken",
                c -> new Call(
                        "POST",
                        "/api/v2/auth/token",
                        "application/x-www-form-urlencoded",
                        "grant_type=password&username=x%40y.z&password=wrong"));
        calls.put("getJwks", c -> new Call("GET", "/.well-known/jwks.json", null, null));
        calls.put(
                "getAuthorizationServerMetadata",
                c -> new Call("GET", "/.well-known/oauth-authorization-server", null, null));
        calls.put(
                "getProtectedResourceMetadata",
                c -> new Call("GET", "/.well-known/oauth-protected-resource", null, null));
        calls.put(
                "createSession",
                c -> new Call(
                        "POST",
                        "/api/v2/auth/session",
                        "application/x-www-form-urlencoded",
                        "username=x%40y.z&password=wrong"));
        calls.put("deleteSession", c -> new Call("DELETE", "/api/v2/auth/session", null, null));
        calls.put("requestEmailVerification", c -> new Call("POST", "/api/v2/users/me/email-verification", null, null));
        calls.put(
                "confirmEmailVerification",
                c -> new Call(
                        "POST", "/api/v2/auth/email-verification", "application/json", "{\"token\":\"ev_nope\"}"));
        calls.put(
                "requestPasswordReset",
                c -> new Call(
                        "POST",
                        "/api/v2/auth/password-reset",
                        "application/json",
                        "{\"email\":\"nobody@example.com\"}"));
        calls.put(
                "confirmPasswordReset",
                c -> new Call(
                        "POST",
                        "/api/v2/auth/password-reset/confirm",
                        "application/json",
                        "{\"token\":\"pr_nope\",\"new_password\":\"long-enough-password\"}"));
        calls.put(
                "createApiKey",
                c -> new Call(
                        "POST",
                        "/api/v2/api-keys",
                        "application/json",
                        "{\"name\":\"m\",\"scopes\":[\"items:read\"]}"));
        calls.put("listApiKeys", c -> new Call("GET", "/api/v2/api-keys", null, null));
        calls.put("listApiVersions", c -> new Call("GET", "/api", null, null));
        calls.put("listItemsV1", c -> new Call("GET", "/api/v1/items", null, null));
        calls.put(
                "getItemV1",
                c -> new Call(
                        "GET", "/api/v1/items/" + c.ownedItemPath().substring("/api/v2/items/".length()), null, null));
        calls.put("listUsersV1", c -> new Call("GET", "/api/v1/users", null, null));
        calls.put("revokeApiKey", c -> new Call("DELETE", "/api/v2/api-keys/" + UUID.randomUUID(), null, null));
        calls.put("exportItems", c -> new Call("GET", "/api/v2/items/export?q=nothing-matches-this", null, null));
        calls.put("listItemImages", c -> new Call("GET", c.ownedItemPath() + "/images", null, null));
        calls.put("uploadItemImage", c -> Call.upload(c.ownedItemPath() + "/images"));
        calls.put("getItemImage", c -> new Call("GET", c.ownedImagePath(), null, null));
        calls.put("deleteItemImage", c -> new Call("DELETE", c.ownedImagePath(), null, null));
        calls.put(
                "submitContactMessage",
                c -> new Call(
                        "POST",
                        "/api/v2/contact",
                        "application/x-www-form-urlencoded",
                        "name=Matrix&email=matrix%40example.com&message=hello"));
        calls.put(
                "createOrder",
                c -> new Call(
                        "POST",
                        "/api/v2/orders",
                        "application/json",
                        orderBody(c.ownedItemPath()),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString())));
        calls.put("listOrders", c -> new Call("GET", "/api/v2/orders?limit=1", null, null));
        calls.put("getOrder", c -> new Call("GET", c.orderPath(), null, null));
        // Shipping a placed order: its seller gets 409 (not paid yet), strangers 404 — never 403 with the scope.
        calls.put(
                "transitionOrder",
                c -> new Call("POST", c.orderPath() + "/transitions", "application/json", "{\"status\":\"shipped\"}"));
        calls.put("receivePaymentEvent", c -> paymentEvent());
        String endpoint = "/api/v2/webhook-endpoints/" + UUID.randomUUID();
        calls.put(
                "createWebhookEndpoint",
                c -> new Call(
                        "POST",
                        "/api/v2/webhook-endpoints",
                        "application/json",
                        "{\"url\":\"ftp://partner.example.com/x\",\"event_types\":[\"item.created\"]}"));
        calls.put("listWebhookEndpoints", c -> new Call("GET", "/api/v2/webhook-endpoints", null, null));
        calls.put("getWebhookEndpoint", c -> new Call("GET", endpoint, null, null));
        calls.put(
                "updateWebhookEndpoint",
                c -> new Call("PATCH", endpoint, "application/merge-patch+json", "{\"description\":\"m\"}"));
        calls.put("deleteWebhookEndpoint", c -> new Call("DELETE", endpoint, null, null));
        calls.put("rotateWebhookSecret", c -> new Call("POST", endpoint + "/secret/rotate", null, null));
        calls.put("listWebhookDeliveries", c -> new Call("GET", endpoint + "/deliveries", null, null));
        calls.put(
                "redeliverWebhook",
                c -> new Call("POST", endpoint + "/deliveries/" + UUID.randomUUID() + "/redeliver", null, null));
        calls.put("createEventTicket", c -> new Call("POST", "/api/v2/events/tickets", null, null));
    }

    @Test
    void everyOperationInTheSpecHasARow() {
        Set<String> inSpec = new TreeSet<>();
        SpecSecurityRules.fromClasspath("openapi/openapi.yaml").rules().forEach(r -> inSpec.add(r.operationId()));
        assertThat(new TreeSet<>(calls.keySet())).isEqualTo(inSpec);
    }

    @Test
    void everyCallerGetsExactlyWhatTheSpecAllows() throws Exception {
        List<String> failures = new ArrayList<>();
        Map<String, Caller> callers = callers();
        for (SpecSecurityRules.Rule rule :
                SpecSecurityRules.fromClasspath("openapi/openapi.yaml").rules()) {
            for (Map.Entry<String, Caller> entry : callers.entrySet()) {
                Caller caller = entry.getValue();
                Call call = calls.get(rule.operationId()).apply(new Ctx());
                // deleteMe really deletes its caller: give it a fresh account of the same kind.
                String token = caller.token() == null
                        ? null
                        : rule.operationId().equals("deleteMe") && caller.role() != null
                                ? accounts.session(caller.role()).accessToken()
                                : caller.token().get();
                ApiClient client = token == null
                        ? anonymous
                        : caller.apiKey() ? anonymous.withApiKey(token) : anonymous.withToken(token);
                Response response = call.bytes() != null
                        ? client.sendBytes(call.method(), call.path(), call.contentType(), call.bytes(), call.headers())
                        : call.path().contains("/images/") && call.method().equals("GET")
                                ? asText(client.download(call.path(), call.headers()))
                                : client.send(
                                        call.method(), call.path(), call.contentType(), call.body(), call.headers());
                int expected = expected(rule, caller);
                boolean ok = expected == 0
                        ? response.status() != 401 && response.status() != 403 && response.status() < 500
                        : response.status() == expected;
                if (!ok) {
                    failures.add(rule.operationId() + " as " + entry.getKey() + ": expected "
                            + (expected == 0 ? "access" : expected) + " but got " + response.status() + " "
                            + response.body());
                }
                if (response.status() == 401) {
                    assertThat(response.header("WWW-Authenticate"))
                            .as(rule.operationId())
                            .startsWith(caller.apiKey() ? "ApiKey" : "Bearer");
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** 0 = allowed (anything but 401/403/5xx); else the exact status. */
    private int expected(SpecSecurityRules.Rule rule, Caller caller) {
        if (rule.operationId().equals("getProtectedResourceMetadata")) {
            return 0; // discovery document, answered by the filter chain before any token is read
        }
        if (caller.invalid()) {
            return 401; // a token that fails verification is refused everywhere (RFC 6750)
        }
        if (rule.isPublic()) {
            return 0;
        }
        if (caller.token() == null) {
            return 401;
        }
        boolean hasScopes = rule.requirements().stream().anyMatch(caller.scopes()::containsAll);
        if (!hasScopes) {
            return 403;
        }
        boolean ownedItemWrite = Set.of("updateItem", "deleteItem", "uploadItemImage", "deleteItemImage")
                .contains(rule.operationId());
        if (ownedItemWrite && !caller.owner() && !caller.scopes().contains("users:admin")) {
            return 403; // BOLA: another seller's item
        }
        return 0;
    }

    /** Image bytes are not text: keep the status and headers, and the body only when it is a problem. */
    private static Response asText(ApiClient.BinaryResponse binary) {
        String type = binary.header("Content-Type");
        return new Response(
                binary.status(),
                type != null && type.startsWith("application/problem+json") ? binary.text() : "",
                binary.headers());
    }

    record Caller(
            java.util.function.Supplier<String> token,
            Set<String> scopes,
            boolean owner,
            boolean invalid,
            String role,
            boolean apiKey) {}

    private Caller signedIn(String role, Set<String> scopes, boolean owner) {
        String token = owner ? seller.accessToken() : accounts.session(role).accessToken();
        return new Caller(() -> token, scopes, owner, false, role, false);
    }

    /** A partner's API key with the given scopes; revoked right away when asked. */
    private Caller partnerKey(boolean revoked) {
        ApiClient partner = anonymous.withToken(accounts.session("partner").accessToken());
        Response created =
                partner.post("/api/v2/api-keys", "{\"name\":\"matrix\",\"scopes\":[\"items:read\",\"items:write\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = json(created).get("key").asString();
        if (revoked) {
            assertThat(partner.delete(created.header("Location")).status()).isEqualTo(204);
        }
        return new Caller(() -> key, Set.of("items:read", "items:write"), false, revoked, null, true);
    }

    private Map<String, Caller> callers() throws Exception {
        Set<String> buyerScopes = Set.of("items:read", "account", "orders:read", "orders:write");
        Set<String> sellerScopes = Set.of("items:read", "items:write", "account", "orders:read", "orders:write");
        Set<String> adminScopes = Set.of(
                "items:read",
                "items:write",
                "account",
                "users:admin",
                "api-keys:manage",
                "orders:read",
                "orders:write",
                "webhooks:manage");
        Set<String> partnerScopes = Set.of(
                "items:read",
                "items:write",
                "account",
                "api-keys:manage",
                "orders:read",
                "orders:write",
                "webhooks:manage");
        Map<String, Caller> callers = new LinkedHashMap<>();
        callers.put("anonymous", new Caller(null, Set.of(), false, false, null, false));
        callers.put("buyer", signedIn("buyer", buyerScopes, false));
        callers.put("owner seller", signedIn("seller", sellerScopes, true));
        callers.put("other seller", signedIn("seller", sellerScopes, false));
        callers.put("admin", signedIn("admin", adminScopes, false));
        callers.put("partner", signedIn("partner", partnerScopes, false));
        callers.put("partner API key", partnerKey(false));
        callers.put("revoked API key", partnerKey(true));
        callers.put(
                "expired token",
                invalid(sign(
                        serverKey,
                        "http://localhost:8080",
                        "marketplace-api",
                        Instant.now().minusSeconds(60))));
        callers.put(
                "wrong issuer",
                invalid(sign(
                        serverKey,
                        "https://evil.example",
                        "marketplace-api",
                        Instant.now().plusSeconds(600))));
        callers.put(
                "wrong audience",
                invalid(sign(
                        serverKey,
                        "http://localhost:8080",
                        "another-api",
                        Instant.now().plusSeconds(600))));
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(serverKey.getKeyID()).generate();
        callers.put(
                "wrong signature",
                invalid(sign(
                        stranger,
                        "http://localhost:8080",
                        "marketplace-api",
                        Instant.now().plusSeconds(600))));
        callers.put("alg none", invalid(unsigned()));
        callers.put("garbage", invalid("not.a.jwt"));
        return callers;
    }

    private static Caller invalid(String token) {
        return new Caller(() -> token, Set.of(), false, true, null, false);
    }

    private String sign(RSAKey key, String issuer, String audience, Instant expires) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(seller.id())
                .issueTime(Date.from(Instant.now().minusSeconds(120)))
                .expirationTime(Date.from(expires))
                .claim("scope", "items:read items:write account users:admin")
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private String unsigned() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"http://localhost:8080\",\"aud\":\"marketplace-api\",\"sub\":\""
                        + seller.id() + "\",\"exp\":" + (Instant.now().getEpochSecond() + 600)
                        + ",\"scope\":\"items:read items:write account users:admin\"}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }
}
