package dev.marketplace.shared.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
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
}
