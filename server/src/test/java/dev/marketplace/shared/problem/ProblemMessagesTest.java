package dev.marketplace.shared.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every problem type has an English and a German title, and both bundles know the same keyed details. */
class ProblemMessagesTest {

    @Test
    void everyProblemTypeHasAnEnglishAndAGermanTitle() throws IOException {
        Properties english = load("messages.properties");
        Properties german = load("messages_de.properties");
        for (ProblemType type : ProblemType.values()) {
            assertThat(english.getProperty("title." + type.code()))
                    .as(type.name())
                    .isEqualTo(type.title());
            assertThat(german.getProperty("title." + type.code()))
                    .as(type.name())
                    .isNotBlank()
                    .isNotEqualTo(type.title());
        }
        english.stringPropertyNames().stream()
                .filter(k -> k.startsWith("detail."))
                .forEach(key -> assertThat(german.getProperty(key)).as(key).isNotBlank());
    }

    @Test
    void keyedDetailsAreFormattedInTheLocale() {
        var detail = ProblemMessages.detail("validation", 2);
        assertThat(ProblemMessages.detail(ProblemType.VALIDATION_ERROR, detail, ProblemMessages.ENGLISH))
                .isEqualTo("The request has 2 invalid fields.");
        assertThat(ProblemMessages.detail(ProblemType.VALIDATION_ERROR, detail, ProblemMessages.GERMAN))
                .isEqualTo("Die Anfrage hat 2 ungültige Felder.");
        // A literal English detail keeps its words in English and gets the type's standard detail in German.
        var literal = ProblemMessages.literal("The cursor is not one this API issued; start again without a cursor.");
        assertThat(ProblemMessages.detail(ProblemType.INVALID_CURSOR, literal, ProblemMessages.ENGLISH))
                .isEqualTo("The cursor is not one this API issued; start again without a cursor.");
        assertThat(ProblemMessages.detail(ProblemType.INVALID_CURSOR, literal, ProblemMessages.GERMAN))
                .isEqualTo("Der Cursor stammt nicht von dieser API; beginnen Sie ohne Cursor neu.");
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ProblemMessagesTest.class.getClassLoader().getResourceAsStream(name)) {
            properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return properties;
    }

    /**
     * The first problem may be written on a thread whose context class loader cannot load the bundles later (a
     * stopped embedded Tomcat's web-app loader). {@code ProblemMessages} is loaded afresh here, initialised on such a
     * thread (its context loader sees nothing), and must still speak German afterwards.
     */
    @Test
    void germanDoesNotDependOnTheContextLoaderOfTheFirstCaller() throws Exception {
        String problemPackage = ProblemMessages.class.getPackageName() + ".";
        ClassLoader application = ProblemMessages.class.getClassLoader();
        try (URLClassLoader blind = new URLClassLoader(new URL[0], null);
                URLClassLoader fresh = new URLClassLoader(new URL[0], application) {
                    @Override
                    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                        if (!name.startsWith(problemPackage)) {
                            return super.loadClass(name, resolve);
                        }
                        synchronized (getClassLoadingLock(name)) {
                            Class<?> loaded = findLoadedClass(name);
                            if (loaded == null) {
                                String file = name.replace('.', '/') + ".class";
                                try (InputStream in = application.getResourceAsStream(file)) {
                                    byte[] bytes = in.readAllBytes();
                                    loaded = defineClass(name, bytes, 0, bytes.length);
                                } catch (IOException e) {
                                    throw new ClassNotFoundException(name, e);
                                }
                            }
                            return loaded;
                        }
                    }
                }) {
            Class<?> messages = fresh.loadClass(ProblemMessages.class.getName());
            Thread first = Thread.ofPlatform().unstarted(() -> {
                try {
                    Class.forName(messages.getName(), true, fresh);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            });
            first.setContextClassLoader(blind);
            first.start();
            first.join();

            Class<?> types = fresh.loadClass(ProblemType.class.getName());
            Object validation = types.getMethod("valueOf", String.class).invoke(null, "VALIDATION_ERROR");
            Method title = messages.getDeclaredMethod("title", types, Locale.class);
            title.setAccessible(true);
            assertThat(title.invoke(null, validation, Locale.GERMAN)).isEqualTo("Ihre Anfrage ist ungültig.");
        }
    }
}
