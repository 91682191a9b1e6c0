package io.leadwire.mapping.transform;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Number parsing and formatting, boolean encodings and ratios of two fields. */
public final class NumberTransforms {

    /** How many decimals a ratio keeps when the mapping does not say. */
    public static final int DEFAULT_RATIO_SCALE = 4;

    private NumberTransforms() {
    }

    /**
     * Parses a number, ignoring currency signs, grouping commas, spaces and underscores, and
     * writes it either with a fixed number of decimals (half-up) or with a
     * {@link DecimalFormat} pattern (locale-neutral symbols). With neither, the plain number.
     * Example: {@code number(2, null)} on {@code "$250,000"} → {@code "250000.00"};
     * {@code number(null, "#,##0")} on {@code "250000.4"} → {@code "250,000"}.
     *
     * @param scale   decimals to keep, or {@code null}
     * @param pattern a DecimalFormat pattern, or {@code null}
     */
    public static Transform number(Integer scale, String pattern) {
        DecimalFormat prototype = pattern == null ? null : new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
        ThreadLocal<DecimalFormat> format = prototype == null ? null
                : ThreadLocal.withInitial(() -> (DecimalFormat) prototype.clone());
        ValueKind kind = (scale != null && scale == 0) ? ValueKind.INTEGER : ValueKind.NUMBER;
        return new Transform() {
            @Override
            public String apply(String value, TransformContext context) {
                if (value == null || value.isBlank()) {
                    return value;
                }
                BigDecimal number = parse(value, context);
                if (number == null) {
                    return null;
                }
                if (format != null) {
                    if (scale != null) {
                        number = number.setScale(scale, RoundingMode.HALF_UP);
                    }
                    return format.get().format(number);
                }
                return scale == null ? number.stripTrailingZeros().toPlainString()
                        : number.setScale(scale, RoundingMode.HALF_UP).toPlainString();
            }

            @Override
            public Optional<ValueKind> outputKind() {
                return pattern == null ? Optional.of(kind) : Optional.empty();
            }
        };
    }

    /**
     * Divides this field's value by another field's, e.g. loan amount / property value gives a
     * loan-to-value ratio; {@code percent} multiplies by 100. Example: {@code ratio("property_value",
     * 2, true)} on {@code "200000"} with {@code property_value=250000} → {@code "80.00"}.
     * A missing or zero denominator is a field error.
     */
    public static Transform ratio(String denominatorField, Integer scale, boolean percent) {
        Objects.requireNonNull(denominatorField, "denominatorField");
        int decimals = scale == null ? DEFAULT_RATIO_SCALE : scale;
        return new Transform() {
            @Override
            public String apply(String value, TransformContext context) {
                if (value == null || value.isBlank()) {
                    return value;
                }
                String other = context.field(denominatorField);
                if (other == null || other.isBlank()) {
                    context.fail("ratio needs '" + denominatorField + "', which has no value");
                    return null;
                }
                BigDecimal numerator = parse(value, context);
                BigDecimal denominator = numerator == null ? null : parse(other, context);
                if (denominator == null) {
                    return null;
                }
                if (denominator.signum() == 0) {
                    context.fail("ratio divides by '" + denominatorField + "', which is zero");
                    return null;
                }
                BigDecimal top = percent ? numerator.movePointRight(2) : numerator;
                return top.divide(denominator, decimals, RoundingMode.HALF_UP).toPlainString();
            }

            @Override
            public Optional<ValueKind> outputKind() {
                return Optional.of(ValueKind.NUMBER);
            }
        };
    }

    private static BigDecimal parse(String value, TransformContext context) {
        StringBuilder clean = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '$' && c != ',' && c != '_' && !Character.isWhitespace(c)) {
                clean.append(c);
            }
        }
        try {
            return new BigDecimal(clean.toString());
        } catch (NumberFormatException e) {
            context.fail("'" + value + "' is not a number");
            return null;
        }
    }

    /** The ways a buyer may want a yes/no written. */
    public enum BooleanEncoding {
        /** {@code 1} / {@code 0}. */
        ONE_ZERO("1", "0"),
        /** {@code Y} / {@code N}. */
        Y_N("Y", "N"),
        /** {@code Yes} / {@code No}. */
        YES_NO("Yes", "No"),
        /** {@code true} / {@code false}. */
        TRUE_FALSE("true", "false");

        private final String yes;
        private final String no;

        BooleanEncoding(String yes, String no) {
            this.yes = yes;
            this.no = no;
        }

        /** Parses an encoding name as written in mappings: {@code 10}, {@code yn}, {@code yesno}, {@code truefalse}. */
        public static BooleanEncoding parse(String name) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "10":
                case "1/0":
                    return ONE_ZERO;
                case "yn":
                case "y/n":
                    return Y_N;
                case "yesno":
                case "yes/no":
                    return YES_NO;
                case "truefalse":
                case "true/false":
                    return TRUE_FALSE;
                default:
                    throw new IllegalArgumentException("unknown boolean encoding '" + name
                            + "' (expected 10, yn, yesno or truefalse)");
            }
        }
    }

    /**
     * Reads any common boolean spelling (1/0, Y/N, Yes/No, true/false, T/F, on/off; any case)
     * and writes it in {@code encoding}. Anything else is a field error.
     * Example: {@code bool(YES_NO)} on {@code "1"} → {@code "Yes"}; {@code bool(ONE_ZERO)} on
     * {@code "no"} → {@code "0"}.
     */
    public static Transform bool(BooleanEncoding encoding) {
        Objects.requireNonNull(encoding, "encoding");
        Set<String> outputs = Set.of(encoding.yes, encoding.no);
        return new Transform() {
            @Override
            public String apply(String value, TransformContext context) {
                if (value == null || value.isBlank()) {
                    return value;
                }
                Boolean parsed = parseBoolean(value);
                if (parsed == null) {
                    context.fail("'" + value + "' is not a yes/no value");
                    return null;
                }
                return parsed ? encoding.yes : encoding.no;
            }

            @Override
            public Optional<Set<String>> possibleOutputs() {
                return Optional.of(outputs);
            }

            @Override
            public Optional<ValueKind> outputKind() {
                return encoding == BooleanEncoding.TRUE_FALSE ? Optional.of(ValueKind.BOOLEAN) : Optional.empty();
            }
        };
    }

    /** True, false, or {@code null} when the text is no boolean spelling we know. */
    public static Boolean parseBoolean(String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1":
            case "y":
            case "yes":
            case "true":
            case "t":
            case "on":
                return Boolean.TRUE;
            case "0":
            case "n":
            case "no":
            case "false":
            case "f":
            case "off":
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
