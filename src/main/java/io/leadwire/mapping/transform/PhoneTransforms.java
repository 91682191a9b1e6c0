package io.leadwire.mapping.transform;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Phone number formatting, based on stripping everything but digits (and a leading {@code +}).
 *
 * <p>North American (NANP, country code 1) numbers are understood fully: 10 digits, or 11
 * starting with 1, area code and exchange starting with 2–9. Other numbers are accepted only
 * in international form ({@code +} and 8–15 digits) and are passed through as E.164.
 */
public final class PhoneTransforms {

    private PhoneTransforms() {
    }

    /** The output shapes of {@link #format(PhoneFormat)}. */
    public enum PhoneFormat {
        /** {@code +15125550147}. */
        E164,
        /** {@code 5125550147}: the 10-digit NANP national number. */
        NATIONAL,
        /** {@code (512) 555-0147}. */
        NANP,
        /** {@code +1 512-555-0147}; non-NANP numbers as {@code +44 2079460000}. */
        INTERNATIONAL;

        /** Parses a format name as written in mappings ({@code e164}, {@code national}, ...). */
        public static PhoneFormat parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * Formats a phone number. Examples for {@code "(512) 555-0147"}: E164 → {@code +15125550147},
     * NATIONAL → {@code 5125550147}, NANP → {@code (512) 555-0147},
     * INTERNATIONAL → {@code +1 512-555-0147}. A number that is not a valid phone number is a
     * field error.
     */
    public static Transform format(PhoneFormat format) {
        Objects.requireNonNull(format, "format");
        return new Transform() {
            @Override
            public String apply(String value, TransformContext context) {
                if (value == null || value.isBlank()) {
                    return value;
                }
                return PhoneTransforms.format(value, format, context);
            }

            @Override
            public Optional<ValueKind> outputKind() {
                return format == PhoneFormat.NATIONAL ? Optional.of(ValueKind.INTEGER) : Optional.of(ValueKind.STRING);
            }
        };
    }

    private static String format(String value, PhoneFormat format, TransformContext context) {
        String trimmed = value.strip();
        boolean plus = trimmed.startsWith("+");
        StringBuilder digits = new StringBuilder(16);
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        String national = nanpNational(digits, plus);
        if (national == null) {
            if (plus && digits.length() >= 8 && digits.length() <= 15 && digits.charAt(0) != '1'
                    && digits.charAt(0) != '0') {
                if (format == PhoneFormat.E164) {
                    return "+" + digits;
                }
                if (format == PhoneFormat.INTERNATIONAL) {
                    return "+" + digits.substring(0, 2) + " " + digits.substring(2);
                }
                context.fail("'" + value + "' is not a North American number; it has no national 10-digit form");
                return null;
            }
            context.fail("'" + value + "' is not a valid phone number");
            return null;
        }
        switch (format) {
            case E164:
                return "+1" + national;
            case NATIONAL:
                return national;
            case NANP:
                return "(" + national.substring(0, 3) + ") " + national.substring(3, 6) + "-" + national.substring(6);
            default:
                return "+1 " + national.substring(0, 3) + "-" + national.substring(3, 6) + "-" + national.substring(6);
        }
    }

    /** The 10-digit NANP number, or null when the digits are not one. */
    private static String nanpNational(StringBuilder digits, boolean plus) {
        String national;
        if (digits.length() == 11 && digits.charAt(0) == '1') {
            national = digits.substring(1);
        } else if (digits.length() == 10 && !plus) {
            national = digits.toString();
        } else {
            return null;
        }
        if (national.charAt(0) < '2' || national.charAt(3) < '2') {
            return null;
        }
        return national;
    }
}
