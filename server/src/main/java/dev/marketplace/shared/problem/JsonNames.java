package dev.marketplace.shared.problem;

import java.util.Locale;
import java.util.Map;

/** Maps Java-side names to what the client sees: snake_case JSON names and stable error codes. */
final class JsonNames {

    private static final Map<String, String> CONSTRAINT_CODES = Map.ofEntries(
            Map.entry("NotNull", "required"),
            Map.entry("NotBlank", "required"),
            Map.entry("NotEmpty", "required"),
            Map.entry("Size", "length"),
            Map.entry("Pattern", "pattern"),
            Map.entry("Min", "minimum"),
            Map.entry("Max", "maximum"),
            Map.entry("DecimalMin", "minimum"),
            Map.entry("DecimalMax", "maximum"),
            Map.entry("Email", "format"));

    private JsonNames() {}

    static String snakeCase(String javaName) {
        StringBuilder out = new StringBuilder(javaName.length() + 4);
        for (char c : javaName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String constraintCode(String constraint) {
        return CONSTRAINT_CODES.getOrDefault(
                constraint, snakeCase(constraint).replaceFirst("^_", "").toLowerCase(Locale.ROOT));
    }
}
