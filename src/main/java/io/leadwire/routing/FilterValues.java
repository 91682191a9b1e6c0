package io.leadwire.routing;

import io.leadwire.lead.CanonicalField;
import io.leadwire.quality.Countries;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How the values of {@code in} and {@code notIn} lists are stored, whoever builds the filter. */
final class FilterValues {
    private FilterValues() {
    }

    /**
     * @throws IllegalArgumentException for an empty list, a blank value or an unknown country
     */
    static List<String> normalize(String field, List<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a list filter needs at least one value");
        }
        return values.stream().map(v -> normalize(field, v)).toList();
    }

    /**
     * A value trimmed; for {@code country} its ISO 3166-1 alpha-2 code, so that names and codes
     * on either side compare equal.
     *
     * @throws IllegalArgumentException for a blank value, or a country that is neither known nor a
     *                                  two-letter code
     */
    static String normalize(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a list filter's values must not be blank");
        }
        String v = value.strip();
        if (!CanonicalField.COUNTRY.equals(field)) {
            return v;
        }
        Optional<String> code = Countries.regionOf(v);
        if (code.isPresent()) {
            return code.get();
        }
        if (v.length() == 2 && v.chars().allMatch(c -> c < 128 && Character.isLetter(c))) {
            // A code the JDK's list lacks (XK, Kosovo): kept, compared as written.
            return v.toUpperCase(Locale.ROOT);
        }
        throw new IllegalArgumentException("'" + value + "' is not a country we know; use ISO codes such as US, GB");
    }
}
