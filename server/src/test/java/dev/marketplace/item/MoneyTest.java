package dev.marketplace.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.shared.problem.ApiException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void formatsWithTheCurrencyMinorUnits() {
        assertThat(Money.format(new BigDecimal("49.9000"), "EUR")).isEqualTo("49.90");
        assertThat(Money.format(new BigDecimal("3900.0000"), "JPY")).isEqualTo("3900");
        assertThat(Money.format(new BigDecimal("1.1250"), "BHD")).isEqualTo("1.125");
        assertThat(Money.format(new BigDecimal("1000000.0000"), "USD")).isEqualTo("1000000.00");
    }

    @Test
    void rejectsMoreFractionDigitsThanTheCurrencyHas() {
        assertThat(Money.amount("10.50", "EUR")).isEqualByComparingTo("10.5");
        assertThat(Money.amount("10.000", "JPY")).isEqualByComparingTo("10");
        assertThatThrownBy(() -> Money.amount("10.5", "JPY"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("1 invalid field");
        assertThatThrownBy(() -> Money.amount("1.001", "EUR")).isInstanceOf(ApiException.class);
    }

    @Test
    void acceptsOnlyIsoCurrencies() {
        assertThat(Money.currency("CHF")).isEqualTo("CHF");
        assertThatThrownBy(() -> Money.currency("ABC")).isInstanceOf(ApiException.class);
    }
}
