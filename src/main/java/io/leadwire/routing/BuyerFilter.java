package io.leadwire.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.lead.CanonicalField;
import io.leadwire.quality.Amount;
import io.leadwire.quality.Countries;
import io.leadwire.quality.FieldValueValidator;
import io.leadwire.quality.LeadJudge;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One condition of a buyer's {@link BuyerFilters}. Each kind says, for a lead's fields and
 * quality score, why the lead does not qualify, or nothing when it does.
 *
 * <p>The field {@value #SCORE} always means the quality score passed to {@link #whyNot}, not a
 * lead field of that name. Blank values count as missing.
 */
public sealed interface BuyerFilter
        permits BuyerFilter.OneOf, BuyerFilter.NoneOf, BuyerFilter.Range, BuyerFilter.Presence, BuyerFilter.Condition {

    /** The pseudo-field naming the quality score. */
    String SCORE = "score";

    /**
     * Why a lead does not pass this filter.
     *
     * @param fields the lead's normalized fields
     * @param score  its quality score, null if it has none
     * @return empty if it passes, else a short reason for the operator ({@code country 'FR' not in [US, CA]})
     */
    Optional<String> whyNot(Map<String, String> fields, Integer score);

    /** The filter as one entry of the {@code filters} list, the form {@link BuyerFilters#parse} reads. */
    ObjectNode toJson(ObjectMapper mapper);

    /**
     * {@code {"field": "country", "in": ["US", "CA"]}}: the field's value must be one of these,
     * compared trimmed and case-insensitively. A missing value does not pass.
     *
     * <p>For {@code country} both sides are ISO 3166-1 alpha-2 codes: the filter's values are
     * resolved by {@link Countries} when parsed ({@code "United States"} becomes {@code US}), and
     * the lead's country is its {@code country_code} (added by the quality stage) or else its
     * {@code country} resolved the same way. A lead without {@code country} is judged by the
     * {@code country_code} the quality stage took from the campaign's default country, if any.
     */
    record OneOf(String field, List<String> values) implements BuyerFilter {
        /** @throws IllegalArgumentException for an empty list or, for {@code country}, an unknown country */
        public OneOf {
            Objects.requireNonNull(field, "field");
            values = FilterValues.normalize(field, values);
        }

        @Override
        public Optional<String> whyNot(Map<String, String> fields, Integer score) {
            String raw = value(fields, score, field);
            if (raw == null) {
                return Optional.of(field + " missing");
            }
            return contains(values, comparable(field, fields, raw)) ? Optional.empty()
                    : Optional.of(field + " '" + raw + "' not in " + values);
        }

        @Override
        public ObjectNode toJson(ObjectMapper mapper) {
            ObjectNode n = mapper.createObjectNode().put("field", field);
            strings(n.putArray("in"), values);
            return n;
        }
    }

    /**
     * {@code {"field": "state", "notIn": ["NY", "NJ"]}}: the field's value must be none of these,
     * compared as for {@link OneOf}. A missing value passes (it is not one of them); add a
     * {@link Presence} filter when the buyer needs the value.
     */
    record NoneOf(String field, List<String> values) implements BuyerFilter {
        /** @throws IllegalArgumentException for an empty list or, for {@code country}, an unknown country */
        public NoneOf {
            Objects.requireNonNull(field, "field");
            values = FilterValues.normalize(field, values);
        }

        @Override
        public Optional<String> whyNot(Map<String, String> fields, Integer score) {
            String raw = value(fields, score, field);
            if (raw == null || !contains(values, comparable(field, fields, raw))) {
                return Optional.empty();
            }
            return Optional.of(field + " '" + raw + "' is excluded " + values);
        }

        @Override
        public ObjectNode toJson(ObjectMapper mapper) {
            ObjectNode n = mapper.createObjectNode().put("field", field);
            strings(n.putArray("notIn"), values);
            return n;
        }
    }

    /**
     * {@code {"field": "score", "min": 60, "max": 100}}: the field's number must lie between the
     * bounds, both inclusive; either bound may be left out. Values are read as the quality stage
     * reads amounts ({@code $5,000}, {@code 10k}); a range such as {@code 5000-10000} or an open
     * range such as {@code 10000+} (how {@code capital_available} is often sent) counts as its
     * lower bound, the capital the lead has for certain. A missing or non-numeric value does not pass.
     *
     * @param min the lowest value allowed, null for none
     * @param max the highest value allowed, null for none
     */
    record Range(String field, BigDecimal min, BigDecimal max) implements BuyerFilter {
        public Range {
            Objects.requireNonNull(field, "field");
            if (min == null && max == null) {
                throw new IllegalArgumentException("a range needs min, max or both");
            }
            min = canonical(min);
            max = canonical(max);
            if (min != null && max != null && min.compareTo(max) > 0) {
                throw new IllegalArgumentException("min " + min.toPlainString() + " is above max "
                        + max.toPlainString());
            }
        }

        @Override
        public Optional<String> whyNot(Map<String, String> fields, Integer score) {
            String raw = value(fields, score, field);
            if (raw == null) {
                return Optional.of(field + " missing");
            }
            Optional<BigDecimal> number = number(raw);
            if (number.isEmpty()) {
                return Optional.of(field + " '" + raw + "' is not a number");
            }
            BigDecimal x = number.get();
            String shown = shown(raw, x);
            if (min != null && x.compareTo(min) < 0) {
                return Optional.of(field + " " + shown + " below " + min.toPlainString());
            }
            if (max != null && x.compareTo(max) > 0) {
                return Optional.of(field + " " + shown + " above " + max.toPlainString());
            }
            return Optional.empty();
        }

        /** Equal bounds are equal records and print plainly: 60.50 is 60.5, 1E+2 is 100. */
        private static BigDecimal canonical(BigDecimal x) {
            if (x == null) {
                return null;
            }
            BigDecimal s = x.stripTrailingZeros();
            return s.scale() < 0 ? s.setScale(0) : s;
        }

        /** The number a value counts as: a plain number, or the lower bound of a range. */
        static Optional<BigDecimal> number(String raw) {
            String v = raw.strip();
            Optional<Amount> amount = FieldValueValidator.parse(v);
            if (amount.isPresent()) {
                return Optional.of(amount.get().low());
            }
            try {
                // Negative numbers, which the amount reader (made for money) does not take.
                return Optional.of(new BigDecimal(v));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        private static String shown(String raw, BigDecimal x) {
            try {
                if (new BigDecimal(raw).compareTo(x) == 0) {
                    return x.toPlainString();
                }
            } catch (NumberFormatException e) {
                // a range, or an amount with a currency sign, commas or a k/m suffix
            }
            return raw + " (counted as " + x.toPlainString() + ")";
        }

        @Override
        public ObjectNode toJson(ObjectMapper mapper) {
            ObjectNode n = mapper.createObjectNode().put("field", field);
            if (min != null) {
                n.put("min", min);
            }
            if (max != null) {
                n.put("max", max);
            }
            return n;
        }
    }

    /**
     * {@code {"field": "email", "present": true}}: the field must have a non-blank value; with
     * {@code false} it must not (a buyer that refuses leads carrying, say, a {@code co_applicant}).
     */
    record Presence(String field, boolean present) implements BuyerFilter {
        public Presence {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public Optional<String> whyNot(Map<String, String> fields, Integer score) {
            boolean has = value(fields, score, field) != null;
            if (has == present) {
                return Optional.empty();
            }
            return Optional.of(present ? field + " missing" : field + " given but must be absent");
        }

        @Override
        public ObjectNode toJson(ObjectMapper mapper) {
            return mapper.createObjectNode().put("field", field).put("present", present);
        }
    }

    /**
     * {@code {"expr": "score >= 70 and country_code == 'US'"}}: a Pebble condition, compiled when
     * the filters are parsed (a syntax error or an unknown filter, function or test refuses the
     * config). Variables: every lead field by name; {@code lead} as a map of all of them, for
     * names with dots or dashes ({@code lead['utm-source']}); {@code score}, the quality score
     * (which hides a lead field named {@code score}, still at {@code lead['score']}). Numbers
     * without a leading zero are numbers, everything else is text; a missing or blank field is
     * null ({@code email is null}, and any comparison with it is false). Comparisons are
     * case-sensitive: use {@code country_code} for ISO codes, {@code x | lower} otherwise. A
     * condition that fails while evaluating (comparing text with a number) makes the lead
     * ineligible with Pebble's message as the reason.
     */
    final class Condition implements BuyerFilter {
        private final LeadExpression expression;

        /**
         * Compiles a condition.
         *
         * @throws IllegalArgumentException with the compiler's message
         */
        public Condition(String source) {
            this.expression = LeadExpression.compile(Objects.requireNonNull(source, "source"));
        }

        /** The condition as written, trimmed. */
        public String source() {
            return expression.source();
        }

        @Override
        public Optional<String> whyNot(Map<String, String> fields, Integer score) {
            return expression.whyNot(fields, score);
        }

        @Override
        public ObjectNode toJson(ObjectMapper mapper) {
            return mapper.createObjectNode().put("expr", source());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Condition c && c.source().equals(source());
        }

        @Override
        public int hashCode() {
            return source().hashCode();
        }

        @Override
        public String toString() {
            return "Condition[" + source() + "]";
        }
    }

    /**
     * The value a filter looks at: trimmed, null when missing or blank; the score for
     * {@value #SCORE}; for a lead without {@code country}, the {@code country_code} the quality
     * stage filled in from the campaign's default country.
     */
    private static String value(Map<String, String> fields, Integer score, String field) {
        if (SCORE.equals(field)) {
            return score == null ? null : score.toString();
        }
        String v = fields.get(field);
        if ((v == null || v.isBlank()) && CanonicalField.COUNTRY.equals(field)) {
            v = fields.get(LeadJudge.COUNTRY_CODE);
        }
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** The lead's value as compared with a list: an ISO code for country, else the trimmed value. */
    private static String comparable(String field, Map<String, String> fields, String raw) {
        if (!CanonicalField.COUNTRY.equals(field)) {
            return raw;
        }
        String code = fields.get(LeadJudge.COUNTRY_CODE);
        if (code != null && Countries.isIsoCode(code.strip())) {
            return code.strip();
        }
        return Countries.regionOf(raw).orElse(raw);
    }

    private static boolean contains(List<String> values, String v) {
        for (String x : values) {
            if (x.equalsIgnoreCase(v)) {
                return true;
            }
        }
        return false;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
