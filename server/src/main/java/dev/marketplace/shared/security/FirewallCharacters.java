package dev.marketplace.shared.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's {@link StrictHttpFirewall} character rules without its regular expressions. The firewall checks
 * every header name and value a filter reads against {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} (values: tabs
 * allowed too) — for a bearer JWT, an 800-character regex match each time the {@code Authorization} header is read,
 * several times per request: 4.7% of a create's CPU (profiled for issue 11). Same rules, one pass of
 * {@link Character#getType}; {@code FirewallCharactersTest} checks them against the firewall's expressions for
 * every code point.
 */
final class FirewallCharacters {

    private FirewallCharacters() {}

    /** Header and parameter names: assigned code points, no control characters. */
    static boolean assignedAndNotControl(String value) {
        return check(value, false);
    }

    /** Header values: as names, and tabs. */
    static boolean headerValue(String value) {
        return check(value, true);
    }

    private static boolean check(String value, boolean tab) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                continue; // printable ASCII: all assigned, none a control
            }
            int codePoint = value.codePointAt(i);
            if (Character.isSupplementaryCodePoint(codePoint)) {
                i++;
            }
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && codePoint == '\t'))) {
                return false;
            }
        }
        return true;
    }

    /** The firewall Spring Security uses by default, with these rules in place of its expressions. */
    static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(FirewallCharacters::assignedAndNotControl);
        firewall.setAllowedHeaderValues(FirewallCharacters::headerValue);
        firewall.setAllowedParameterNames(FirewallCharacters::assignedAndNotControl);
        return firewall;
    }
}
