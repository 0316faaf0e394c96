package dev.marketplace.shared.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Locale;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The language of problem texts: {@code messages.properties} (English, the default) and
 * {@code messages_de.properties}. A static Spring {@link ResourceBundleMessageSource}, so filters and the
 * container's error page (which run outside the MVC context) speak the same language as handlers.
 */
public final class ProblemMessages {

    public static final Locale GERMAN = Locale.GERMAN;
    public static final Locale ENGLISH = Locale.ENGLISH;

    private static final ResourceBundleMessageSource MESSAGES = new ResourceBundleMessageSource();

    static {
        MESSAGES.setBasename("messages");
        MESSAGES.setDefaultEncoding("UTF-8");
        MESSAGES.setFallbackToSystemLocale(false);
        // Not the thread's context class loader, which it would take by default: the first problem may be written
        // on a request thread, whose loader is the embedded Tomcat's web-app loader, and once that server stops
        // (a second application in the same JVM, as tests start) bundles not loaded yet would no longer be found.
        MESSAGES.setBundleClassLoader(ProblemMessages.class.getClassLoader());
    }

    private ProblemMessages() {}

    /** A detail text by key (with arguments), translated when the problem is rendered. */
    public static MessageSourceResolvable detail(String key, Object... args) {
        return new DefaultMessageSourceResolvable(new String[] {"detail." + key}, args);
    }

    /** The type's standard detail ({@code detail.<code>}, else its title), translated. */
    public static MessageSourceResolvable standard(ProblemType type) {
        return new DefaultMessageSourceResolvable(
                new String[] {"detail." + type.code(), "title." + type.code()}, null, type.title());
    }

    /** A literal (English) detail. */
    static MessageSourceResolvable literal(String text) {
        return new DefaultMessageSourceResolvable(new String[0], null, text);
    }

    /** English or German, from {@code Accept-Language} (quality order); anything else is English. */
    public static Locale negotiate(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) {
            return ENGLISH;
        }
        for (Enumeration<Locale> locales = request.getLocales(); locales.hasMoreElements(); ) {
            String language = locales.nextElement().getLanguage();
            if (language.equals("de")) {
                return GERMAN;
            }
            if (language.equals("en")) {
                return ENGLISH;
            }
        }
        return ENGLISH;
    }

    static String title(ProblemType type, Locale locale) {
        return MESSAGES.getMessage("title." + type.code(), null, type.title(), locale);
    }

    /**
     * A keyed detail in the locale. A literal detail stays as written in English; in another language it
     * becomes the type's standard detail ({@code detail.<code>}) when one is translated.
     */
    static String detail(ProblemType type, MessageSourceResolvable detail, Locale locale) {
        if (detail == null) {
            return null;
        }
        String[] codes = detail.getCodes();
        if (codes != null && codes.length > 0) {
            try {
                return MESSAGES.getMessage(detail, locale);
            } catch (NoSuchMessageException e) {
                return codes[0];
            }
        }
        if (!locale.getLanguage().equals("en")) {
            String standard = MESSAGES.getMessage("detail." + type.code(), null, null, locale);
            if (standard != null) {
                return standard;
            }
        }
        return detail.getDefaultMessage();
    }

    /** The English text of a detail (for logs and exception messages). */
    static String english(MessageSourceResolvable detail) {
        return detail(ProblemType.BAD_REQUEST, detail, ENGLISH);
    }
}
