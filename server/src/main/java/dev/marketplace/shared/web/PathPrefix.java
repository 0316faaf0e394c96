package dev.marketplace.shared.web;

/**
 * A cheap test that rules out most path patterns before {@code PathPattern.matches} runs (which allocates a matching
 * context each call: with ~60 routes tried per request, the largest allocation of a GET, profiled for issue 11).
 * The prefix is the pattern's literal text up to the last {@code /} before its first variable or wildcard
 * ({@code /api/v2/items/{item_id}} → {@code /api/v2/items}; {@code /actuator/health/**} → {@code /actuator/health},
 * which {@code /actuator/health} itself still passes). A raw path with a percent-escape is never ruled out: its
 * decoded segments might spell the literal.
 */
public final class PathPrefix {

    private PathPrefix() {}

    public static String of(String pattern) {
        int wildcard = pattern.length();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '{' || c == '*' || c == '?') {
                wildcard = i;
                break;
            }
        }
        if (wildcard == pattern.length()) {
            return pattern;
        }
        int slash = pattern.lastIndexOf('/', wildcard);
        return slash <= 0 ? "" : pattern.substring(0, slash);
    }

    /** False only when the raw (undecoded) path cannot match a pattern with this prefix. */
    public static boolean mayMatch(String prefix, String rawPath) {
        return rawPath.startsWith(prefix) || rawPath.indexOf('%') >= 0;
    }
}
