package io.leadwire.mapping.transform;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Phone number formatting for any country, with libphonenumber.
 *
 * <p>A number written without a country code is read in a default region: the lead's country
 * (its {@code country} field, as ISO alpha-2, alpha-3 or English name), else the region the
 * mapping names, else the US. North American (NANP, country code 1) numbers keep a fast path
 * and a structural check (10 digits, area code and exchange starting with 2–9), so their output
 * is exactly what buyers have always received. Numbers of other countries must be possible for
 * their numbering plan; a possible number outside the assigned ranges is still formatted, with a
 * warning. An extension is dropped from the output, with a warning.
 */
public final class PhoneTransforms {

    /** The region used when neither the lead nor the mapping says one. */
    public static final String DEFAULT_REGION = "US";
    /** The lead field read for the default region unless the mapping names another. */
    public static final String DEFAULT_COUNTRY_FIELD = "country";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Map<String, String> COUNTRIES = countries();
    private static final Set<String> NANP_REGIONS = Set.copyOf(UTIL.getRegionCodesForCountryCode(1));

    private PhoneTransforms() {
    }

    /** The output shapes of {@link #format(PhoneFormat)}. */
    public enum PhoneFormat {
        /** {@code +15125550147}, {@code +442079460000}. */
        E164,
        /** Digits as dialled inside the country: {@code 5125550147} (10 digits for NANP), {@code 02079460000}. */
        NATIONAL,
        /** The national written form: {@code (512) 555-0147}, {@code 020 7946 0000}. */
        NANP,
        /** {@code +1 512-555-0147}, {@code +44 20 7946 0000}. */
        INTERNATIONAL;

        /**
         * Parses a format name as written in mappings ({@code e164}, {@code national}, {@code nanp}
         * or its alias {@code formatted}, {@code international}).
         *
         * @throws IllegalArgumentException listing the known names
         */
        public static PhoneFormat parse(String name) {
            String id = name.trim().toUpperCase(Locale.ROOT);
            if (id.equals("FORMATTED")) {
                return NANP;
            }
            for (PhoneFormat format : values()) {
                if (format.name().equals(id)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("unknown phone format '" + name
                    + "' (expected e164, national, nanp (alias formatted) or international)");
        }
    }

    /** As {@link #format(PhoneFormat, String, String)} with the US as fallback region and the {@code country} field. */
    public static Transform format(PhoneFormat format) {
        return format(format, null, null);
    }

    /**
     * Formats a phone number. Examples for {@code "(512) 555-0147"}: E164 → {@code +15125550147},
     * NATIONAL → {@code 5125550147}, NANP → {@code (512) 555-0147}, INTERNATIONAL →
     * {@code +1 512-555-0147}; for {@code "020 7946 0000"} with a lead whose country is
     * {@code United Kingdom}: {@code +442079460000}, {@code 02079460000}, {@code 020 7946 0000},
     * {@code +44 20 7946 0000}. A value that is not a phone number is a field error.
     *
     * @param format       the output shape
     * @param region       ISO alpha-2 region for numbers without a country code when the lead states
     *                     no country; {@code null} means {@value #DEFAULT_REGION}
     * @param countryField the lead field holding the lead's country; {@code null} means
     *                     {@value #DEFAULT_COUNTRY_FIELD}
     * @throws IllegalArgumentException for an unknown region (a mapping error)
     */
    public static Transform format(PhoneFormat format, String region, String countryField) {
        Objects.requireNonNull(format, "format");
        String fallback = region == null ? DEFAULT_REGION : region.trim().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(fallback)) {
            throw new IllegalArgumentException("region '" + region + "' is not an ISO 3166 alpha-2 region "
                    + "libphonenumber knows (e.g. US, GB, DE)");
        }
        String country = countryField == null ? DEFAULT_COUNTRY_FIELD : countryField;
        return new Transform() {
            @Override
            public String apply(String value, TransformContext context) {
                if (value == null || value.isBlank()) {
                    return value;
                }
                String stated = regionOf(context.field(country));
                return PhoneTransforms.format(value, format, stated == null ? fallback : stated, context);
            }

            @Override
            public Optional<ValueKind> outputKind() {
                return format == PhoneFormat.NATIONAL ? Optional.of(ValueKind.INTEGER) : Optional.of(ValueKind.STRING);
            }
        };
    }

    /**
     * The ISO alpha-2 region for a country as leads state it: {@code US}, {@code USA},
     * {@code United States}, {@code united kingdom}, {@code UK}; {@code null} when unknown.
     */
    public static String regionOf(String country) {
        if (country == null || country.isBlank()) {
            return null;
        }
        String exact = COUNTRIES.get(country);
        return exact != null ? exact : COUNTRIES.get(country.strip().toLowerCase(Locale.ROOT));
    }

    private static String format(String value, PhoneFormat format, String region, TransformContext context) {
        String trimmed = value.strip();
        String national = fastNanp(trimmed, region);
        if (national != null) {
            return nanp(national, format);
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(trimmed, region);
        } catch (NumberParseException e) {
            context.fail("'" + value + "' is not a valid phone number");
            return null;
        }
        if (number.getCountryCode() == 1) {
            national = UTIL.getNationalSignificantNumber(number);
            if (!structurallyNanp(national)) {
                context.fail("'" + value + "' is not a valid phone number");
                return null;
            }
            if (number.hasExtension()) {
                context.warn("extension '" + number.getExtension() + "' of '" + value + "' is dropped");
            }
            return nanp(national, format);
        }
        if (UTIL.isPossibleNumberWithReason(number) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE) {
            context.fail("'" + value + "' is not a valid phone number");
            return null;
        }
        if (!UTIL.isValidNumber(number)) {
            context.warn("'" + value + "' is not an assigned number range in "
                    + UTIL.getRegionCodeForCountryCode(number.getCountryCode()));
        }
        if (number.hasExtension()) {
            context.warn("extension '" + number.getExtension() + "' of '" + value + "' is dropped");
            number = new PhoneNumber().mergeFrom(number).clearExtension();
        }
        switch (format) {
            case E164:
                return UTIL.format(number, PhoneNumberFormat.E164);
            case NATIONAL:
                return digits(UTIL.format(number, PhoneNumberFormat.NATIONAL));
            case NANP:
                return UTIL.format(number, PhoneNumberFormat.NATIONAL);
            default:
                return UTIL.format(number, PhoneNumberFormat.INTERNATIONAL);
        }
    }

    private static String nanp(String national, PhoneFormat format) {
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

    /**
     * The 10-digit NANP number when the text is plainly one (digits and the usual punctuation
     * only: {@code +1 …} anywhere, or 10 digits / 1 + 10 digits in a NANP region), else null.
     * Keeps the common case off libphonenumber's parser.
     */
    private static String fastNanp(String text, String region) {
        boolean plus = text.startsWith("+");
        char[] digits = new char[11];
        int count = 0;
        for (int i = plus ? 1 : 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (count == digits.length) {
                    return null;
                }
                digits[count++] = c;
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                return null;
            }
        }
        String national;
        if (count == 11 && digits[0] == '1') {
            national = new String(digits, 1, 10);
        } else if (count == 10 && !plus) {
            national = new String(digits, 0, 10);
        } else {
            return null;
        }
        if (!plus && !NANP_REGIONS.contains(region)) {
            return null;
        }
        return structurallyNanp(national) ? national : null;
    }

    private static boolean structurallyNanp(String national) {
        return national.length() == 10 && national.charAt(0) >= '2' && national.charAt(3) >= '2';
    }

    private static String digits(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Alpha-2, alpha-3 and English names (and a few everyday aliases) → alpha-2, each as usually
     * written and in lower case, so the common spellings are found without copying the text.
     */
    private static Map<String, String> countries() {
        Map<String, String> out = new HashMap<>(2048);
        for (String code : Locale.getISOCountries()) {
            Locale locale = new Locale("", code);
            out.put(code, code);
            out.put(code.toLowerCase(Locale.ROOT), code);
            try {
                out.put(locale.getISO3Country(), code);
                out.put(locale.getISO3Country().toLowerCase(Locale.ROOT), code);
            } catch (java.util.MissingResourceException e) {
                // a few new codes have no alpha-3 in the JDK; the alpha-2 and name still work
            }
            out.put(locale.getDisplayCountry(Locale.ENGLISH), code);
            out.put(locale.getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), code);
        }
        out.put("uk", "GB");
        out.put("great britain", "GB");
        out.put("england", "GB");
        out.put("scotland", "GB");
        out.put("wales", "GB");
        out.put("usa", "US");
        out.put("united states of america", "US");
        out.put("u.s.", "US");
        out.put("u.s.a.", "US");
        return Map.copyOf(out);
    }
}
