package dev.marketplace.shared.context;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of a request ({@code X-Request-Id}): the client's when it is valid, else a new UUID, kept on the request.
 * {@code RequestIdFilter} assigns it first thing and echoes it; problems, logs and the error valve read it here. Its
 * own package, below {@code shared.web} and {@code shared.problem}, so that neither depends on the other for it.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = RequestIds.class.getName() + ".id";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    /** The id of this request (generated on the spot if none was assigned yet). */
    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        if (id == null) {
            id = UUID.randomUUID().toString();
            request.setAttribute(ATTRIBUTE, id);
        }
        return id.toString();
    }

    /** Assigns the request its id once: the one the client sent when it is valid, else a new UUID. */
    public static String assign(HttpServletRequest request) {
        String id = (String) request.getAttribute(ATTRIBUTE);
        if (id == null) {
            String sent = request.getHeader(HEADER);
            id = sent != null && VALID.matcher(sent).matches()
                    ? sent
                    : UUID.randomUUID().toString();
            request.setAttribute(ATTRIBUTE, id);
        }
        return id;
    }
}
