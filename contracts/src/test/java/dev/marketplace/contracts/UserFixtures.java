package dev.marketplace.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * The accounts every contract test starts from, with fixed ids so that the long-lived access tokens written into
 * the contracts (see {@link ContractTokens}) name them as {@code sub}. {@link #SELLER} owns every fixture item.
 * All of them have the password {@link #PASSWORD}.
 */
final class UserFixtures {

    /** The password of every fixture account (the spec requires at least 12 characters). */
    static final String PASSWORD = "contract-password-123";

    /** {@link #PASSWORD} hashed once per JVM in Spring's DelegatingPasswordEncoder format ({@code {bcrypt}$2a$10$…}). */
    static final String PASSWORD_HASH =
            PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(PASSWORD);

    /** The email that the web-frontend sign-up contract registers; deleted again before every test. */
    static final String SIGN_UP_EMAIL = "contract-new-seller@example.com";

    /**
     * A refresh token of {@link #SELLER} (scope of a seller, expires 2100), seeded so that the refresh grant contract is
     * deterministic. Refresh tokens are single-use, which is fine: it is re-seeded before every test.
     */
    static final String SELLER_REFRESH_TOKEN = "rt_contract-fixture-seller-refresh-token-0001";

    record User(String id, String email, String displayName, String role, String scope, String createdAt) {}

    /** Owns the five fixture items. */
    static final User SELLER = new User(
            "5e11e400-0000-4000-8000-000000000001",
            "contract-seller@example.com",
            "Contract Seller",
            "seller",
            "account items:read items:write orders:read orders:write",
            "2026-01-05T08:00:00Z");
    /** A second seller: may create items, but not change the fixture items; a stranger to the fixture orders. */
    static final User OTHER_SELLER = new User(
            "5e11e400-0000-4000-8000-000000000002",
            "contract-other-seller@example.com",
            "Other Seller",
            "seller",
            "account items:read items:write orders:read orders:write",
            "2026-01-06T08:00:00Z");
    /** A buyer: no items:write; placed the fixture orders. */
    static final User BUYER = new User(
            "b0e70000-0000-4000-8000-000000000003",
            "contract-buyer@example.com",
            "Contract Buyer",
            "buyer",
            "account items:read orders:read orders:write",
            "2026-01-07T08:00:00Z");
    /** An admin: every scope, including users:admin (list/read accounts, change roles). */
    static final User ADMIN = new User(
            "ad000000-0000-4000-8000-000000000004",
            "contract-admin@example.com",
            "Contract Admin",
            "admin",
            "account items:read items:write users:admin",
            "2026-01-08T08:00:00Z");
    /** A second buyer that only the delete_me contract uses (it deletes its own account). */
    static final User DELETABLE_BUYER = new User(
            "b0e70000-0000-4000-8000-000000000005",
            "contract-deletable-buyer@example.com",
            "Deletable Buyer",
            "buyer",
            "account items:read",
            "2026-01-09T08:00:00Z");

    /** A partner: manages API keys and webhook endpoints; owns {@link #PARTNER_API_KEY} and {@link WebhookFixtures#ENDPOINT_ID}. */
    static final User PARTNER = new User(
            "9a000000-0000-4000-8000-000000000006",
            "contract-partner@example.com",
            "Contract Partner",
            "partner",
            "account api-keys:manage items:read items:write webhooks:manage",
            "2026-01-10T08:00:00Z");

    static final List<User> USERS = List.of(SELLER, OTHER_SELLER, BUYER, ADMIN, DELETABLE_BUYER, PARTNER);

    /** The partner's API key (scopes items:read items:write), seeded as the server stores keys: by SHA-256. */
    static final String PARTNER_API_KEY = "mk_live_contract-fixture-partner-key-0000000001";

    static final String PARTNER_API_KEY_ID = "a9000000-0000-4000-8000-000000000001";

    private UserFixtures() {}

    /**
     * Deletes every account (including the one the sign-up contract creates) and every refresh token, and inserts the
     * fixture accounts and {@link #SELLER_REFRESH_TOKEN}. Run before {@link ItemFixtures#reset}.
     */
    static void reset(JdbcTemplate jdbc) {
        jdbc.update("DELETE FROM refresh_tokens");
        jdbc.update("DELETE FROM api_keys");
        jdbc.update("DELETE FROM browser_sessions");
        jdbc.update("DELETE FROM one_time_tokens");
        jdbc.update("DELETE FROM users");
        jdbc.batchUpdate(
                """
        INSERT INTO users (id, email, password_hash, display_name, role, email_verified, deleted_at,
                           created_at, updated_at, version)
        VALUES (CAST(? AS uuid), ?, ?, ?, ?, false, NULL, CAST(? AS timestamptz), CAST(? AS timestamptz), 0)
        """,
                USERS.stream()
                        .map(u -> new Object[] {
                            u.id(), u.email(), PASSWORD_HASH, u.displayName(), u.role(), u.createdAt(), u.createdAt()
                        })
                        .toList());
        // Stored like the server stores it: the lower-case hex SHA-256 of the token.
        jdbc.update(
                """
        INSERT INTO refresh_tokens (id, token_hash, family_id, user_id, scope, expires_at, used_at, revoked_at, created_at)
        VALUES (CAST(? AS uuid), ?, CAST(? AS uuid), CAST(? AS uuid), ?, CAST(? AS timestamptz), NULL, NULL,
                CAST(? AS timestamptz))
        """,
                "7e000000-0000-4000-8000-000000000001",
                sha256Hex(SELLER_REFRESH_TOKEN),
                "7e000000-0000-4000-8000-0000000000f1",
                SELLER.id(),
                SELLER.scope(),
                "2100-01-01T00:00:00Z",
                "2026-01-05T08:00:00Z");
    }

    /** One-time tokens of {@link #BUYER}, as if mailed: an email verification and a password reset (expire 2100). */
    static final String VERIFICATION_TOKEN = "ev_contract-fixture-verification-token-000001";

    static final String RESET_TOKEN = "pr_contract-fixture-password-reset-token-00001";

    /** Seeds {@link #VERIFICATION_TOKEN} and {@link #RESET_TOKEN}, stored like the server stores them (SHA-256). */
    static void seedOneTimeTokens(JdbcTemplate jdbc) {
        String sql = """
        INSERT INTO one_time_tokens (id, user_id, purpose, token_hash, created_at, expires_at, used_at)
        VALUES (CAST(? AS uuid), CAST(? AS uuid), ?, ?, CAST(? AS timestamptz), CAST(? AS timestamptz), NULL)
        """;
        jdbc.update(
                sql,
                "07000000-0000-4000-8000-000000000001",
                BUYER.id(),
                "email_verification",
                sha256Hex(VERIFICATION_TOKEN),
                "2026-01-12T08:00:00Z",
                "2100-01-01T00:00:00Z");
        jdbc.update(
                sql,
                "07000000-0000-4000-8000-000000000002",
                BUYER.id(),
                "password_reset",
                sha256Hex(RESET_TOKEN),
                "2026-01-12T08:00:00Z",
                "2100-01-01T00:00:00Z");
    }

    /** Seeds {@link #PARTNER_API_KEY}; run after {@link #reset}. */
    static void seedApiKey(JdbcTemplate jdbc) {
        jdbc.update(
                """
        INSERT INTO api_keys (id, owner_id, name, prefix, key_hash, scopes, created_at, last_used_at, revoked_at)
        VALUES (CAST(? AS uuid), CAST(? AS uuid), ?, ?, ?, ?, CAST(? AS timestamptz), NULL, NULL)
        """,
                PARTNER_API_KEY_ID,
                PARTNER.id(),
                "catalogue sync",
                PARTNER_API_KEY.substring(0, 12),
                sha256Hex(PARTNER_API_KEY),
                "items:read items:write",
                "2026-01-11T08:00:00Z");
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
