package io.leadwire.quality;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks fields with a fixed set of values ({@link ReasonCode#ENUM_UNKNOWN_VALUE}) and numeric
 * fields that may be a number, a range or an open range ({@link ReasonCode#NUMBER_NOT_NUMERIC},
 * {@link ReasonCode#RANGE_INVALID}). Which fields are which is the {@link QualityPolicy}'s table.
 *
 * <p>Numbers may carry a currency sign ($, €, £), thousands commas, decimals and a k/m suffix:
 * {@code 5000}, {@code $5,000}, {@code 10k-50k}, {@code 50000+}, {@code 5000 to 10000}.
 * Stateless and thread-safe.
 */
public final class FieldValueValidator {
    private static final String AMOUNT = "[$€£]?\\s*((?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?)\\s*([kKmM]?)";
    private static final Pattern SINGLE = Pattern.compile(AMOUNT);
    private static final Pattern RANGE = Pattern.compile(AMOUNT + "\\s*(?:-|–|—|to)\\s*" + AMOUNT);
    private static final Pattern OPEN = Pattern.compile(AMOUNT + "\\s*\\+");
    /** Longer values are no amount anyone writes; refusing them early bounds the regex work. */
    static final int MAX_LENGTH = 64;
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** The outcome of checking one value: the normalized value, or a finding. */
    public record Result(Optional<String> normalized, Optional<Amount> amount, Optional<Finding> finding) {
    }

    /**
     * Checks a value against a set of allowed values, case-insensitively.
     *
     * @param allowed lower-case allowed values
     * @return the value normalized to lower case, or a finding
     */
    public Result checkEnum(String field, String raw, Set<String> allowed) {
        String v = raw.strip().toLowerCase(Locale.ROOT);
        if (allowed.contains(v)) {
            return new Result(Optional.of(v), Optional.empty(), Optional.empty());
        }
        return new Result(Optional.empty(), Optional.empty(), Optional.of(Finding.error(
                ReasonCode.ENUM_UNKNOWN_VALUE, field, "Field '" + field + "' has the unknown value '"
                        + EmailValidator.clip(raw) + "'; expected one of " + new TreeSet<>(allowed) + ".")));
    }

    /**
     * Checks a numeric value.
     *
     * @return the parsed amount and its canonical text ({@code 5000-10000}, {@code 50000+}), or a finding
     */
    public Result checkNumber(String field, String raw) {
        String v = raw.strip();
        Optional<Amount> amount = parse(v);
        if (amount.isEmpty()) {
            return new Result(Optional.empty(), Optional.empty(), Optional.of(Finding.error(
                    ReasonCode.NUMBER_NOT_NUMERIC, field, "Field '" + field + "' is not a number: '"
                            + EmailValidator.clip(raw) + "'. Send e.g. 5000, 5000-10000 or 50000+.")));
        }
        Amount a = amount.get();
        if (a.high() != null && a.low().compareTo(a.high()) > 0) {
            return new Result(Optional.empty(), Optional.empty(), Optional.of(Finding.error(
                    ReasonCode.RANGE_INVALID, field, "Field '" + field + "' is a range whose lower bound is above "
                            + "its upper bound: '" + EmailValidator.clip(raw) + "'.")));
        }
        return new Result(Optional.of(text(a)), amount, Optional.empty());
    }

    /** Parses a number, range or open range; empty if it is none of them. */
    public static Optional<Amount> parse(String v) {
        if (v.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(v);
        if (m.matches()) {
            BigDecimal x = number(m.group(1), m.group(2));
            return Optional.of(new Amount(x, x));
        }
        m = RANGE.matcher(v);
        if (m.matches()) {
            return Optional.of(new Amount(number(m.group(1), m.group(2)), number(m.group(3), m.group(4))));
        }
        m = OPEN.matcher(v);
        if (m.matches()) {
            return Optional.of(new Amount(number(m.group(1), m.group(2)), null));
        }
        return Optional.empty();
    }

    private static BigDecimal number(String digits, String suffix) {
        BigDecimal x = new BigDecimal(digits.replace(",", ""));
        if (suffix.equalsIgnoreCase("k")) {
            x = x.multiply(THOUSAND);
        } else if (suffix.equalsIgnoreCase("m")) {
            x = x.multiply(MILLION);
        }
        return x.stripTrailingZeros();
    }

    private static String text(Amount a) {
        String low = a.low().toPlainString();
        if (a.high() == null) {
            return low + "+";
        }
        return a.low().compareTo(a.high()) == 0 ? low : low + "-" + a.high().toPlainString();
    }
}
