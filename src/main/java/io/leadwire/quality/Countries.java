package io.leadwire.quality;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resolves what vendors write in a country field ({@code "United Kingdom"}, {@code "GB"},
 * {@code "GBR"}, {@code "UK"}, {@code "U.S.A."}) to an ISO 3166-1 alpha-2 region code, the form
 * libphonenumber and the scoring policy use.
 *
 * <p>The table is built once from the JDK's ISO country list and English display names, plus a
 * few common aliases the JDK does not know. Thread-safe and immutable.
 */
public final class Countries {
    private static final Pattern DOTS = Pattern.compile("\\.");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Set<String> ISO2 = Set.of(Locale.getISOCountries());
    private static final Map<String, String> BY_NAME = buildTable();

    private Countries() {
    }

    /** Whether {@code code} is an ISO 3166-1 alpha-2 code (upper case). */
    public static boolean isIsoCode(String code) {
        return code != null && ISO2.contains(code);
    }

    /**
     * The ISO alpha-2 region for a country as a vendor wrote it, case and dots ignored.
     *
     * @return empty for null, blank or unknown input
     */
    public static Optional<String> regionOf(String country) {
        if (country == null) {
            return Optional.empty();
        }
        String key = key(country);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(key));
    }

    private static String key(String s) {
        String k = DOTS.matcher(s.strip().toLowerCase(Locale.ROOT)).replaceAll("");
        return SPACES.matcher(k).replaceAll(" ");
    }

    private static Map<String, String> buildTable() {
        Map<String, String> m = new HashMap<>();
        for (String code : ISO2) {
            Locale l = new Locale("", code);
            m.put(key(code), code);
            try {
                m.put(key(l.getISO3Country()), code);
            } catch (java.util.MissingResourceException e) {
                // a few codes have no alpha-3 in the JDK; the alpha-2 and the name still work
            }
            m.put(key(l.getDisplayCountry(Locale.ENGLISH)), code);
        }
        m.put("uk", "GB");
        m.put("great britain", "GB");
        m.put("britain", "GB");
        m.put("england", "GB");
        m.put("scotland", "GB");
        m.put("wales", "GB");
        m.put("northern ireland", "GB");
        m.put("usa", "US");
        m.put("united states of america", "US");
        m.put("america", "US");
        m.put("deutschland", "DE");
        m.put("south korea", "KR");
        m.put("russia", "RU");
        m.put("czech republic", "CZ");
        m.put("uae", "AE");
        return Map.copyOf(m);
    }
}
