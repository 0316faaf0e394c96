package dev.marketplace.item;

import dev.marketplace.shared.problem.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Money rules: ISO 4217 currencies, amounts with no more fraction digits than the currency has. */
public final class Money {

    private static final int MAX_SCALE = 4;

    private Money() {}

    public static String format(BigDecimal amount, String currency) {
        int digits = fractionDigits(currency);
        BigDecimal normalised = amount.stripTrailingZeros();
        if (normalised.scale() < digits) {
            normalised = normalised.setScale(digits, RoundingMode.UNNECESSARY);
        }
        if (normalised.scale() < 0) {
            normalised = normalised.setScale(0, RoundingMode.UNNECESSARY);
        }
        return normalised.toPlainString();
    }

    static String currency(String code) {
        try {
            return Currency.getInstance(code).getCurrencyCode();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.invalidField("currency", "currency", "must be an ISO 4217 currency code");
        }
    }

    static BigDecimal amount(String value, String currency) {
        BigDecimal amount = new BigDecimal(value);
        int digits = fractionDigits(currency);
        if (amount.stripTrailingZeros().scale() > digits) {
            throw ApiException.invalidField(
                    "price", "scale", "must have at most " + digits + " fraction digits for " + currency);
        }
        return amount;
    }

    private static int fractionDigits(String currency) {
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        return digits < 0 ? MAX_SCALE : Math.min(digits, MAX_SCALE);
    }
}
