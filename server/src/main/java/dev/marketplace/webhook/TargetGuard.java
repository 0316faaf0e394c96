package dev.marketplace.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SSRF guard for webhook targets: only {@code https} (unless insecure URLs are allowed), no credentials in
 * the URL, and never an address inside our network — loopback, private (RFC 1918, fc00::/7), link-local
 * (incl. the cloud metadata address 169.254.169.254, fe80::/10), CGNAT (100.64/10), unspecified, multicast,
 * broadcast, documentation/benchmark ranges and their IPv4-mapped/compatible IPv6 forms. Host names are
 * checked after DNS resolution; {@link GuardedDnsResolver} makes the delivery connect to exactly the checked
 * addresses, so a name cannot resolve to a public address at registration and to a private one at delivery.
 */
final class TargetGuard {

    /** Anything that is not a plain dotted quad but a numeric host a resolver may still read as IPv4 (2130706433, 0x7f.1, 0177.0.0.1). */
    private static final Pattern NUMERIC_HOST = Pattern.compile("^(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]*))*\\.?$");

    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$");

    private final boolean allowInsecure;
    private final boolean allowPrivate;

    TargetGuard(boolean allowInsecure, boolean allowPrivate) {
        this.allowInsecure = allowInsecure;
        this.allowPrivate = allowPrivate;
    }

    /** Why {@code url} may not be a webhook target, or {@code null} when it may. Resolves host names. */
    String rejection(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return "The URL is not valid.";
        }
        String problem = staticRejection(uri);
        if (problem != null) {
            return problem;
        }
        try {
            allowedAddresses(uri.getHost());
            return null;
        } catch (BlockedAddressException e) {
            return e.getMessage();
        } catch (UnknownHostException e) {
            // Not resolvable (yet): accepted; every delivery resolves and checks again.
            return null;
        }
    }

    /** The host resolves to an address webhooks may not reach. */
    static final class BlockedAddressException extends UnknownHostException {
        BlockedAddressException() {
            super("The URL's host resolves to an address that is not publicly routable.");
        }
    }

    /** The checks that need no DNS: scheme, credentials, fragment, IP-literal forms. */
    String staticRejection(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowInsecure && scheme.equals("http"))) {
            return "The URL must use https.";
        }
        if (uri.getRawUserInfo() != null) {
            return "The URL may not contain credentials.";
        }
        if (uri.getRawFragment() != null) {
            return "The URL may not contain a fragment.";
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return "The URL needs a host name.";
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("[")
                && NUMERIC_HOST.matcher(lower).matches()
                && !DOTTED_QUAD.matcher(lower).matches()) {
            // 2130706433, 0x7f.1, 017700000001, 127.1: resolvers disagree on these; a real endpoint never needs them.
            return "Numeric hosts must be written as a dotted-decimal IPv4 address.";
        }
        return null;
    }

    /** The addresses of {@code host} a delivery may connect to; throws naming why none may be used. */
    InetAddress[] allowedAddresses(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all = InetAddress.getAllByName(bare);
        if (allowPrivate) {
            return all;
        }
        List<InetAddress> blocked =
                Arrays.stream(all).filter(TargetGuard::isInternal).toList();
        if (!blocked.isEmpty()) {
            // One internal address is enough to refuse the name: the resolver could hand out either.
            throw new BlockedAddressException();
        }
        return all;
    }

    /** Whether {@code address} lies in a range webhooks may never reach. */
    static boolean isInternal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            InetAddress embedded = embeddedIpv4(b);
            if (embedded != null) {
                return isInternal(embedded);
            }
            int first = b[0] & 0xff;
            return v6.isLoopbackAddress()
                    || v6.isAnyLocalAddress()
                    || v6.isLinkLocalAddress()
                    || v6.isSiteLocalAddress()
                    || v6.isMulticastAddress()
                    || (first & 0xfe) == 0xfc // fc00::/7 unique local
                    || (first == 0x20
                            && (b[1] & 0xff) == 0x01
                            && (b[2] & 0xff) == 0x0d
                            && (b[3] & 0xff) == 0xb8) // 2001:db8::/32 documentation
                    || (first == 0x01 && b[1] == 0 && isZero(b, 2, 8)); // 100::/64 discard
        }
        byte[] b = address.getAddress();
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        return address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()
                || a0 == 0 // 0.0.0.0/8 "this network"
                || a0 == 127 // loopback (whole /8)
                || a0 == 10
                || (a0 == 172 && a1 >= 16 && a1 <= 31)
                || (a0 == 192 && a1 == 168)
                || (a0 == 169 && a1 == 254) // link-local, cloud metadata
                || (a0 == 100 && a1 >= 64 && a1 <= 127) // CGNAT 100.64/10
                || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 2) // TEST-NET-1
                || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
                || (a0 == 198 && a1 == 51 && (b[2] & 0xff) == 100) // TEST-NET-2
                || (a0 == 203 && a1 == 0 && (b[2] & 0xff) == 113) // TEST-NET-3
                || a0 >= 224; // multicast, reserved, broadcast
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::) or 6to4 (2002::) address. */
    private static InetAddress embeddedIpv4(byte[] b) {
        try {
            boolean mapped = isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean compatible = isZero(b, 0, 12) && !isZero(b, 12, 16);
            boolean nat64 = (b[0] & 0xff) == 0x00
                    && (b[1] & 0xff) == 0x64
                    && (b[2] & 0xff) == 0xff
                    && (b[3] & 0xff) == 0x9b
                    && isZero(b, 4, 12);
            if (mapped || compatible || nat64) {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 2, 6));
            }
            return null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
