package io.leadwire.delivery.response;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads the price a buyer quotes. Buyers write money in many ways, so a currency sign or code
 * and spaces around or inside the number are dropped, and both decimal marks are read:
 * {@code 12.50}, {@code "$12.50"}, {@code "12,50 €"}, {@code "USD 1,234.50"}, {@code "1.234,50"},
 * {@code 1.25E+1}. Where both a point and a comma occur, the last one is the decimal mark.
 * A lone point is always a decimal mark ({@code "1.234"} is 1.234, as in JSON). A lone comma
 * followed by exactly three digits ({@code "1,234"}) is refused as ambiguous: misreading money by
 * a factor of a thousand is worse than not reading it.
 */
final class Prices {
    private static final Pattern CURRENCY = Pattern.compile(
            "^(\\p{Sc}|[A-Za-z]{3}(?![A-Za-z]))\\s*|\\s*(\\p{Sc}|(?<![A-Za-z])[A-Za-z]{3})$");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u202F']");
    private static final Pattern PLAIN = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d{1,3})?");
    private static final Pattern COMMA_GROUPED = Pattern.compile("[+-]?\\d{1,3}(,\\d{3}){2,}");
    private static final Pattern DOT_GROUPED = Pattern.compile("[+-]?\\d{1,3}(\\.\\d{3}){2,}");
    private static final int MAX_CHARS = 64;

    private Prices() {
    }

    /**
     * The amount in {@code raw}.
     *
     * @throws NumberFormatException saying why it is not a price
     */
    static BigDecimal parse(String raw) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty() || text.length() > MAX_CHARS) {
            throw new NumberFormatException("price '" + Answer.clip(text) + "' is not an amount");
        }
        String number = SPACES.matcher(CURRENCY.matcher(text).replaceAll("")).replaceAll("");
        if (PLAIN.matcher(number).matches()) {
            return new BigDecimal(number);
        }
        if (COMMA_GROUPED.matcher(number).matches()) {
            return new BigDecimal(number.replace(",", ""));
        }
        if (DOT_GROUPED.matcher(number).matches()) {
            return new BigDecimal(number.replace(".", ""));
        }
        int dot = number.lastIndexOf('.');
        int comma = number.lastIndexOf(',');
        String normal;
        if (dot >= 0 && comma >= 0) {
            char decimal = dot > comma ? '.' : ',';
            char group = decimal == '.' ? ',' : '.';
            int mark = Math.max(dot, comma);
            normal = number.substring(0, mark).replace(String.valueOf(group), "") + "." + number.substring(mark + 1);
            if (!grouped(number.substring(0, mark), group)) {
                normal = "";
            }
        } else if (comma >= 0 && number.indexOf(',') == comma) {
            if (number.length() - comma - 1 == 3) {
                throw new NumberFormatException("price '" + Answer.clip(text)
                        + "' is ambiguous (a thousands separator or a decimal comma)");
            }
            normal = number.replace(',', '.');
        } else {
            normal = "";
        }
        if (!PLAIN.matcher(normal).matches()) {
            throw new NumberFormatException("price '" + Answer.clip(text) + "' is not an amount");
        }
        return new BigDecimal(normal);
    }

    /** Whether the integer part uses the separator only between groups of three digits. */
    private static boolean grouped(String integer, char group) {
        String[] parts = integer.replaceFirst("^[+-]", "").split(Pattern.quote(String.valueOf(group)), -1);
        if (parts.length == 1) {
            return !parts[0].isEmpty();
        }
        if (parts[0].isEmpty() || parts[0].length() > 3) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].length() != 3) {
                return false;
            }
        }
        return true;
    }

    /** A decimal written for people, without an exponent unless it would be absurdly long. */
    static String plain(BigDecimal value) {
        return Math.abs(value.scale()) <= 50 ? value.toPlainString() : value.toString();
    }
}
