package dev.marketplace.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bearer tokens written into the contracts must be tokens the server accepts: signed by the test key that
 * {@link ContractTestBase} configures, for the right issuer and audience, for a fixture user with exactly its role's
 * scopes, expiring on 2100-01-01. Fails (and prints freshly minted tokens) when a literal is stale.
 */
class ContractTokensTest {

    private static final Path CONTRACTS = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("src/test/resources/contracts");
    private static final Pattern BEARER =
            Pattern.compile("\\b(eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");

    @Test
    void everyTokenInTheContractsIsValidForAFixtureUser() throws Exception {
        List<String> tokens = tokensInContracts();
        String minted = mintedTokens();
        System.out.println("Contract tokens (ContractTokens.mint):\n" + minted);
        assertThat(tokens).as("JWTs in %s", CONTRACTS).isNotEmpty();

        RSASSAVerifier verifier = new RSASSAVerifier(ContractTokens.publicKey());
        for (String token : tokens) {
            SignedJWT jwt = SignedJWT.parse(token);
            String hint = "token " + token.substring(0, 24) + "… in the contracts; re-mint them:\n" + minted;
            assertThat(jwt.verify(verifier))
                    .as("signed by %s: %s", ContractTokens.KEY_RESOURCE, hint)
                    .isTrue();
            assertThat(jwt.getHeader().getKeyID()).as(hint).isEqualTo(ContractTokens.KEY_ID);
            var claims = jwt.getJWTClaimsSet();
            assertThat(claims.getIssuer()).as(hint).isEqualTo(ContractTokens.ISSUER);
            assertThat(claims.getAudience()).as(hint).containsExactly(ContractTokens.AUDIENCE);
            assertThat(claims.getExpirationTime().toInstant()).as(hint).isEqualTo(ContractTokens.EXPIRES_AT);
            UserFixtures.User user = UserFixtures.USERS.stream()
                    .filter(u -> u.id().equals(claims.getSubject()))
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError("sub " + claims.getSubject() + " is no fixture user; " + hint));
            assertThat(claims.getStringClaim("scope")).as(hint).isEqualTo(user.scope());
        }
    }

    private static String mintedTokens() {
        StringBuilder out = new StringBuilder();
        for (UserFixtures.User user : UserFixtures.USERS) {
            out.append("  ")
                    .append(user.email())
                    .append(" (")
                    .append(user.role())
                    .append("): Bearer ")
                    .append(ContractTokens.mint(user))
                    .append('\n');
        }
        return out.toString();
    }

    private static List<String> tokensInContracts() throws IOException {
        List<String> tokens = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CONTRACTS)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                Matcher m = BEARER.matcher(Files.readString(file));
                while (m.find()) {
                    tokens.add(m.group(1));
                }
            }
        }
        return tokens;
    }
}
