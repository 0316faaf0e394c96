package dev.marketplace.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every address class the SSRF guard must refuse, in its IPv4, IPv6 and literal-trick spellings. */
class TargetGuardTest {

    private final TargetGuard production = new TargetGuard(false, false);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.255.255.254",
                "0.0.0.0",
                "0.1.2.3", // loopback, unspecified, "this network"
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1", // RFC 1918
                "169.254.169.254",
                "169.254.0.1", // link-local, cloud metadata
                "100.64.0.1",
                "100.127.255.255", // CGNAT
                "224.0.0.1",
                "239.255.255.250",
                "255.255.255.255",
                "240.0.0.1", // multicast, broadcast, reserved
                "192.0.0.8",
                "192.0.2.1",
                "198.18.0.1",
                "198.51.100.7",
                "203.0.113.9",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "ff02::1",
                "fec0::1",
                "2001:db8::1",
                "::ffff:127.0.0.1",
                "::ffff:7f00:1",
                "::ffff:10.0.0.1",
                "::ffff:169.254.169.254",
                "::127.0.0.1",
                "64:ff9b::a9fe:a9fe",
                "2002:7f00:1::",
                "100::1"
            })
    void internalAddressesAreRefused(String literal) throws UnknownHostException {
        assertThat(TargetGuard.isInternal(InetAddress.getByName(literal)))
                .as(literal)
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.215.14",
                "8.8.8.8",
                "1.1.1.1",
                "172.32.0.1",
                "100.128.0.1",
                "169.253.0.1",
                "2606:4700:4700::1111",
                "::ffff:8.8.8.8"
            })
    void publicAddressesAreAllowed(String literal) throws UnknownHostException {
        assertThat(TargetGuard.isInternal(InetAddress.getByName(literal)))
                .as(literal)
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1/hook",
                "https://[::1]/hook",
                "https://[::ffff:127.0.0.1]/hook",
                "https://[fe80::1]/hook",
                "https://169.254.169.254/latest/meta-data/",
                "https://localhost/hook",
                "https://10.1.2.3:8443/hook",
                "https://2130706433/hook",
                "https://0x7f.1/hook",
                "https://0x7f000001/hook",
                "https://017700000001/hook",
                "https://0177.0.0.1/hook",
                "https://127.1/hook",
                "https://127.0.0.1./hook",
                "https://00127.0.0.1/hook",
                "http://example.com/hook",
                "ftp://example.com/hook",
                "https://user:pw@example.com/hook",
                "https:///hook",
                "https://example.com/hook#frag",
                "not a url",
                "javascript:alert(1)"
            })
    void unsafeUrlsAreRejectedAtRegistration(String url) {
        assertThat(production.rejection(url)).as(url).isNotNull();
    }

    @Test
    void aPublicHttpsLiteralIsAccepted() {
        assertThat(production.rejection("https://93.184.215.14/hook")).isNull();
        assertThat(production.rejection("https://[2606:4700:4700::1111]/hook")).isNull();
    }

    @Test
    void theDevelopmentSwitchesAllowLoopbackOverHttp() {
        TargetGuard development = new TargetGuard(true, true);
        assertThat(development.rejection("http://127.0.0.1:8080/hook")).isNull();
        assertThat(development.rejection("http://localhost:8080/hook")).isNull();
        assertThat(new TargetGuard(true, false).rejection("http://127.0.0.1:8080/hook"))
                .contains("not publicly routable");
        assertThat(new TargetGuard(false, true).rejection("http://127.0.0.1:8080/hook"))
                .contains("https");
    }

    @Test
    void theResolverRefusesNamesThatResolveInside() {
        GuardedDnsResolver resolver = new GuardedDnsResolver(production);
        assertThatThrownBy(() -> resolver.resolve("localhost")).isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> resolver.resolve("127.0.0.1")).isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> resolver.resolve("[::1]")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void deliveryToABlockedAddressNeverConnects() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookProperties properties = new WebhookProperties(
                    true,
                    false,
                    java.time.Duration.ofSeconds(1),
                    10,
                    java.time.Duration.ofSeconds(60),
                    java.time.Duration.ofSeconds(2),
                    java.time.Duration.ofSeconds(2),
                    java.util.List.of(java.time.Duration.ofSeconds(1)),
                    java.time.Duration.ofHours(1),
                    java.time.Duration.ofHours(1),
                    null,
                    20);
            WebhookSender sender = new WebhookSender(
                    org.springframework.web.client.RestClient.builder(),
                    properties,
                    new TargetGuard(true, false),
                    java.time.Clock.systemUTC());
            for (String url : new String[] {
                receiver.url("/x"),
                "http://localhost:" + receiver.port() + "/x",
                "http://[::ffff:127.0.0.1]:" + receiver.port() + "/x"
            }) {
                WebhookSender.Answer answer = sender.send(url, "id", 1, "v1,x", "{}");
                assertThat(answer.status()).as(url).isNull();
                assertThat(answer.error()).as(url).isEqualTo("blocked_address");
            }
            assertThat(receiver.received()).isEmpty();
            assertThat(Map.of()).isEmpty();
        }
    }
}
