package dev.marketplace.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The firewall's character rules, checked against Spring Security's own expressions for every code point. */
class FirewallCharactersTest {

    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void agreeWithSpringSecuritysExpressionsForEveryCodePoint() {
        int differences = 0;
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String one = "a" + Character.toString(codePoint) + "b";
            if (FirewallCharacters.assignedAndNotControl(one)
                            != NAMES.matcher(one).matches()
                    || FirewallCharacters.headerValue(one)
                            != VALUES.matcher(one).matches()) {
                differences++;
            }
        }
        assertThat(differences).isZero();
    }

    @Test
    void refuseControlsAndUnassignedAllowTabsOnlyInValues() {
        assertThat(FirewallCharacters.headerValue("Bearer eyJhbGciOi.x-y_z~")).isTrue();
        assertThat(FirewallCharacters.headerValue("a\tb")).isTrue();
        assertThat(FirewallCharacters.assignedAndNotControl("a\tb")).isFalse();
        assertThat(FirewallCharacters.headerValue("a\nb")).isFalse();
        assertThat(FirewallCharacters.headerValue("a\u0000b")).isFalse();
        assertThat(FirewallCharacters.headerValue("a\u0085b")).isFalse();
        assertThat(FirewallCharacters.headerValue("a\uFFFFb")).isFalse(); // unassigned
        assertThat(FirewallCharacters.headerValue("😀 é")).isTrue();
        assertThat(FirewallCharacters.headerValue("\uD800"))
                .isEqualTo(VALUES.matcher("\uD800").matches()); // lone surrogate
    }
}
