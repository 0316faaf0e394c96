package dev.marketplace.shared.web;

import dev.marketplace.shared.ExpectedVersion;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entity tags of versioned resources: {@code "<id>-v<version>"}, strong, derived from the JPA
 * {@code @Version} (which changes with every change, so equal tags mean equal representations).
 *
 * <p>Tomcat weakens a strong tag when it compresses a response ({@code W/"…"}, RFC 9110 §8.8.3); the tag
 * still names exactly one version, so {@code If-Match} accepts the weakened form too.
 */
public final class EntityTags {

    private static final Pattern TAG = Pattern.compile("\\s*(?:W/)?\"([^\"]*)\"\\s*(?:,|$)");

    private EntityTags() {}

    public static String of(UUID id, long version) {
        return "\"" + id + "-v" + version + "\"";
    }

    /** {@code If-None-Match}: true when the current tag is listed (weak comparison) or the header is {@code *}. */
    public static boolean noneMatch(String ifNoneMatch, UUID id, long version) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.strip().equals("*")) {
            return true;
        }
        return opaqueTags(ifNoneMatch).contains(id + "-v" + version);
    }

    /** {@code If-Match} → the versions of this resource it accepts; no header is an unconditional write. */
    public static ExpectedVersion ifMatch(String ifMatch, Object id) {
        if (ifMatch == null) {
            return ExpectedVersion.ANY;
        }
        if (ifMatch.strip().equals("*")) {
            return ExpectedVersion.anyExisting();
        }
        String prefix = id + "-v";
        Set<Long> versions = new HashSet<>();
        for (String tag : opaqueTags(ifMatch)) {
            if (tag.startsWith(prefix)) {
                try {
                    versions.add(Long.parseLong(tag.substring(prefix.length())));
                } catch (NumberFormatException e) {
                    // not a tag this server issued: matches nothing
                }
            }
        }
        return ExpectedVersion.oneOf(versions);
    }

    private static Set<String> opaqueTags(String header) {
        Set<String> tags = new HashSet<>();
        Matcher m = TAG.matcher(header);
        int at = 0;
        while (at < header.length() && m.find(at) && m.start() == at) {
            tags.add(m.group(1));
            at = m.end();
        }
        return tags;
    }
}
