package dev.marketplace.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The webhook client's resolver: resolves once, refuses internal addresses, and the connection manager
 * connects to exactly the addresses returned here. Pinning the checked addresses closes the DNS-rebinding
 * gap of "check the name, then let the client resolve it again"; TLS still uses the original host name (SNI,
 * certificate check) and so does the {@code Host} header.
 */
final class GuardedDnsResolver implements DnsResolver {

    private final TargetGuard guard;

    GuardedDnsResolver(TargetGuard guard) {
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return guard.allowedAddresses(host);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return resolve(host)[0].getCanonicalHostName();
    }
}
