package dev.marketplace.shared.problem;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSourceResolvable;

/**
 * The problem detail for a query string or form body the servlet container cannot decode ({@code a=%zz},
 * {@code ====}): it says which of the two is broken and what well-formed looks like.
 */
public final class MalformedParameters {

    private MalformedParameters() {}

    /** Names what is wrong with an undecodable query string or form body. */
    public static MessageSourceResolvable detail(HttpServletRequest request) {
        return ProblemMessages.detail(
                wellFormedUrlEncoding(request.getQueryString()) ? "form_malformed" : "query_malformed");
    }

    /** True when every {@code &}-separated field is {@code name[=value]} with a name, valid %XX escapes and UTF-8. */
    static boolean wellFormedUrlEncoding(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return true;
        }
        var utf8 = java.nio.charset.StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        for (String field : encoded.split("&", -1)) {
            if (field.isEmpty()) {
                continue;
            }
            int equals = field.indexOf('=');
            if (equals == 0) {
                return false;
            }
            for (int i = 0; i < field.length(); i++) {
                if (field.charAt(i) == '%'
                        && (i + 2 >= field.length()
                                || Character.digit(field.charAt(i + 1), 16) < 0
                                || Character.digit(field.charAt(i + 2), 16) < 0)) {
                    return false;
                }
            }
            try {
                byte[] bytes = java.net.URLDecoder.decode(
                                field.replace("+", "%2B"), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                utf8.decode(java.nio.ByteBuffer.wrap(bytes));
            } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
                return false;
            }
        }
        return true;
    }
}
