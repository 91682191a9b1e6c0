package io.leadwire.mapping;

import io.leadwire.mapping.spec.BuyerSpec;
import io.leadwire.mapping.spec.SpecField;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Generates edge-case variants of a lead for the payload preview: what happens to this buyer's
 * payload when optional fields are missing, values are as long as the buyer allows (or longer),
 * carry quotes, markup, emoji, right-to-left text or line breaks, sit on age and date boundaries,
 * or come in loose or broken formats.
 *
 * <p>Pure and deterministic: the same base lead, mapping, spec and day always give the same
 * variants in the same order. Each variant changes only the fields its kind applies to, judged by
 * field name and value (names, addresses and other free text; phone; e-mail; dates of birth;
 * other dates and timestamps; amounts; yes/no flags; state; ZIP), so every variant still reads as
 * the base lead with one kind of trouble.
 */
public final class EdgeCaseLeads {

    /** The length used for "long" text when no buyer spec says a maximum. */
    public static final int LONG_TEXT = 255;
    /** The length used for "too long" text when no buyer spec says a maximum. */
    public static final int VERY_LONG_TEXT = 1000;

    private static final Set<String> CORE_REQUIRED = Set.of("lead_id", "first_name", "last_name", "email", "phone",
            "phone_primary");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern US_DATE = Pattern.compile("\\d{2}/\\d{2}/\\d{4}");
    private static final Pattern ISO_DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}.*");
    private static final Pattern AMOUNT = Pattern.compile("\\$?\\s*-?[\\d,]+(\\.\\d+)?");
    private static final Set<String> FLAGS = Set.of("0", "1", "true", "false", "yes", "no", "y", "n");
    private static final Set<String> TRUTHY = Set.of("1", "true", "yes", "y");

    /**
     * One generated lead.
     *
     * @param name        short id, e.g. {@code max-length}
     * @param description what the variant changes, for the preview's picker
     * @param fields      the lead's fields
     */
    public record EdgeCaseLead(String name, String description, Map<String, String> fields) {
        public EdgeCaseLead {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** What a field holds, judged from its name and value. */
    enum Kind { ID, TEXT, PHONE, EMAIL, BIRTH_DATE, DATE, AMOUNT, FLAG, STATE, ZIP, OTHER }

    private EdgeCaseLeads() {
    }

    /** Variants of a lead without a buyer in mind. */
    public static List<EdgeCaseLead> of(Map<String, String> base, LocalDate today) {
        return of(base, null, null, today);
    }

    /**
     * Variants of a lead for one buyer.
     *
     * @param base    the lead's fields
     * @param mapping the buyer's mapping, or {@code null}: its required rules decide which fields are
     *                optional, and the fields it reads are filled even when the base lacks them
     * @param spec    the buyer's spec, or {@code null}: its max lengths size the long values
     * @param today   the day ages are counted from
     */
    public static List<EdgeCaseLead> of(Map<String, String> base, Mapping mapping, BuyerSpec spec, LocalDate today) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(today, "today");
        Map<String, String> lead = new LinkedHashMap<>(base);
        Set<String> required = new LinkedHashSet<>();
        Map<String, Integer> maxLengths = new LinkedHashMap<>();
        if (mapping != null) {
            for (FieldRule rule : mapping.rules()) {
                for (String field : rule.source().fields()) {
                    lead.putIfAbsent(field, "");
                    if (rule.required()) {
                        required.add(field);
                    }
                }
                SpecField target = spec == null ? null : spec.field(rule.target().text());
                if (target != null && target.maxLength() != null && rule.source().kind() == ValueSource.Kind.FIELD) {
                    maxLengths.merge(rule.source().text(), target.maxLength(), Math::min);
                }
                if (target != null && target.required()) {
                    required.addAll(rule.source().fields());
                }
            }
        }
        if (mapping == null || mapping.templateMode()) {
            base.keySet().stream().filter(CORE_REQUIRED::contains).forEach(required::add);
        }
        Map<String, Kind> kinds = new LinkedHashMap<>();
        lead.forEach((name, value) -> kinds.put(name, kindOf(name, value)));

        List<EdgeCaseLead> out = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();
        lead.forEach((k, v) -> {
            if (required.contains(k) && !v.isEmpty()) {
                missing.put(k, v);
            }
        });
        out.add(new EdgeCaseLead("optionals-missing", "only the fields the buyer requires: " + required, missing));
        Map<String, String> blank = new LinkedHashMap<>(lead);
        blank.replaceAll((k, v) -> required.contains(k) ? v : "");
        out.add(new EdgeCaseLead("optionals-blank", "every optional field present but empty", blank));

        out.add(variant("max-length", "free text exactly as long as the buyer allows (" + LONG_TEXT
                + " characters where the spec says nothing)", lead, kinds, (name, value) -> kinds.get(name) == Kind.TEXT
                        ? longText(value, maxLengths.getOrDefault(name, LONG_TEXT)) : null));
        out.add(variant("over-max-length", "free text one character over the buyer's maximum ("
                + VERY_LONG_TEXT + " characters where the spec says nothing)", lead, kinds,
                (name, value) -> kinds.get(name) == Kind.TEXT ? longText(value,
                        maxLengths.containsKey(name) ? maxLengths.get(name) + 1 : VERY_LONG_TEXT) : null));
        out.add(variant("quotes-and-markup", "free text with quotes, apostrophes, <, > and &", lead, kinds,
                (name, value) -> kinds.get(name) == Kind.TEXT ? value + " \"Jr\" O'Brien <b>&amp;</b> & {{x}} ${x}"
                        : null));
        out.add(variant("emoji-rtl-accents", "free text with emoji, right-to-left scripts and accents", lead, kinds,
                (name, value) -> kinds.get(name) == Kind.TEXT ? value + " 😀👍🏽 שלום مرحبا Ñandú Zoë Ærøskøbing" : null));
        out.add(variant("line-breaks", "free text with line breaks and a tab", lead, kinds,
                (name, value) -> kinds.get(name) == Kind.TEXT ? value + "\nsecond line\r\n\tindented" : null));

        out.add(variant("age-18", "born exactly 18 years ago today", lead, kinds,
                (name, value) -> kinds.get(name) == Kind.BIRTH_DATE ? sameShape(value, today.minusYears(18)) : null));
        out.add(variant("age-17-turning-18-tomorrow", "18th birthday is tomorrow", lead, kinds,
                (name, value) -> kinds.get(name) == Kind.BIRTH_DATE
                        ? sameShape(value, today.minusYears(18).plusDays(1)) : null));
        out.add(variant("age-100", "born exactly 100 years ago today", lead, kinds,
                (name, value) -> kinds.get(name) == Kind.BIRTH_DATE ? sameShape(value, today.minusYears(100)) : null));
        out.add(variant("leap-day", "born on 29 February 2000; other dates on 29 February 2028", lead, kinds,
                (name, value) -> kinds.get(name) == Kind.BIRTH_DATE ? sameShape(value, LocalDate.of(2000, 2, 29))
                        : kinds.get(name) == Kind.DATE ? sameShape(value, LocalDate.of(2028, 2, 29)) : null));
        out.add(variant("dst-gap", "timestamps at 02:30 local on the US spring-forward night (a time that does not "
                + "exist there)", lead, kinds, (name, value) -> kinds.get(name) == Kind.DATE
                        ? (value.length() > 10 ? "2026-03-08T02:30:00" : sameShape(value, LocalDate.of(2026, 3, 8)))
                        : null));
        out.add(variant("dst-overlap", "timestamps at 01:30 local on the US fall-back night (a time that exists twice)",
                lead, kinds, (name, value) -> kinds.get(name) == Kind.DATE
                        ? (value.length() > 10 ? "2026-11-01T01:30:00" : sameShape(value, LocalDate.of(2026, 11, 1)))
                        : null));
        out.add(variant("amounts-zero", "amounts of zero", lead, kinds,
                (name, value) -> kinds.get(name) == Kind.AMOUNT ? "0" : null));
        out.add(variant("amounts-huge", "amounts near a trillion, with cents", lead, kinds,
                (name, value) -> kinds.get(name) == Kind.AMOUNT ? "999999999999.99" : null));
        out.add(variant("formats-loose", "valid values in unusual spellings: upper or lower case, other separators, US dates, ZIP+4",
                lead, kinds, (name, value) -> loose(kinds.get(name), value)));
        out.add(variant("formats-invalid", "values a buyer cannot take: short phone, broken e-mail, impossible "
                + "date, unknown state, words for numbers", lead, kinds, (name, value) -> invalid(kinds.get(name))));
        return out;
    }

    private static EdgeCaseLead variant(String name, String description, Map<String, String> lead,
            Map<String, Kind> kinds, BiFunction<String, String, String> change) {
        Map<String, String> fields = new LinkedHashMap<>(lead);
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String value = field.getValue().isEmpty() ? sample(kinds.get(field.getKey())) : field.getValue();
            String changed = change.apply(field.getKey(), value);
            if (changed != null) {
                field.setValue(changed);
            }
        }
        fields.values().removeIf(String::isEmpty);
        return new EdgeCaseLead(name, description, fields);
    }

    /** A stand-in for a field the mapping reads but the base lead lacks. */
    private static String sample(Kind kind) {
        switch (kind) {
            case BIRTH_DATE:
                return "1984-03-15";
            case DATE:
                return "2026-11-02T09:15:00";
            case AMOUNT:
                return "250000";
            default:
                return "";
        }
    }

    static Kind kindOf(String name, String value) {
        String n = name.toLowerCase(Locale.ROOT);
        String v = value == null ? "" : value.strip();
        if (n.equals("lead_id") || n.endsWith("_id") || n.equals("id") || n.contains("ip_address") || n.contains("url")
                || n.equals("source")) {
            return Kind.ID;
        }
        if (n.contains("phone") || n.contains("mobile") || n.equals("tel")) {
            return Kind.PHONE;
        }
        if (n.contains("email")) {
            return Kind.EMAIL;
        }
        if (n.equals("dob") || n.contains("birth")) {
            return Kind.BIRTH_DATE;
        }
        if (n.contains("date") || n.contains("time") || n.endsWith("_at") || ISO_DATE.matcher(v).matches()
                || ISO_DATE_TIME.matcher(v).matches()) {
            return Kind.DATE;
        }
        if (n.equals("state") || n.equals("st")) {
            return Kind.STATE;
        }
        if (n.contains("zip") || n.contains("postal")) {
            return Kind.ZIP;
        }
        if (FLAGS.contains(v.toLowerCase(Locale.ROOT)) || n.startsWith("is_") || n.startsWith("has_")) {
            return Kind.FLAG;
        }
        if (n.contains("amount") || n.contains("capital") || n.contains("income") || n.contains("value")
                || n.contains("price") || n.contains("debt") || n.contains("loan") || AMOUNT.matcher(v).matches()) {
            return Kind.AMOUNT;
        }
        if (n.contains("country")) {
            return Kind.OTHER;
        }
        return v.codePoints().anyMatch(Character::isLetter) ? Kind.TEXT : Kind.OTHER;
    }

    /** Exactly {@code length} code points built from the value's own text. */
    private static String longText(String value, int length) {
        String seed = value.isBlank() ? "Long" : value;
        StringBuilder out = new StringBuilder(length + seed.length());
        while (out.codePointCount(0, out.length()) < length) {
            out.append(out.length() == 0 ? "" : " ").append(seed);
        }
        String cut = out.substring(0, out.offsetByCodePoints(0, length));
        // Stored values are trimmed, so a cut ending in a space would not be a real lead value.
        return cut.endsWith(" ") ? cut.substring(0, cut.length() - 1) + "x" : cut;
    }

    /** The date written as the value writes its dates (ISO or US), ISO otherwise. */
    private static String sameShape(String value, LocalDate date) {
        if (US_DATE.matcher(value).matches()) {
            return date.format(DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.ROOT));
        }
        return date.toString();
    }

    private static String loose(Kind kind, String value) {
        switch (kind) {
            case PHONE: {
                String digits = value.replaceAll("\\D", "");
                return digits.length() == 10 ? "+1." + digits.substring(0, 3) + "." + digits.substring(3, 6) + "."
                        + digits.substring(6) : value.replace(" ", "");
            }
            case EMAIL:
                return value.toUpperCase(Locale.ROOT);
            case STATE:
                return value.toLowerCase(Locale.ROOT);
            case ZIP:
                return value.matches("\\d{5}") ? value + "-0001" : value;
            case FLAG:
                return TRUTHY.contains(value.toLowerCase(Locale.ROOT)) ? "Yes" : "No";
            case BIRTH_DATE:
                return ISO_DATE.matcher(value).matches() ? LocalDate.parse(value).format(
                        DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.ROOT)) : value;
            case AMOUNT:
                return value.startsWith("$") ? value : "$" + value;
            case TEXT:
                return value.toUpperCase(Locale.ROOT);
            default:
                return null;
        }
    }

    private static String invalid(Kind kind) {
        switch (kind) {
            case PHONE:
                return "555-0147";
            case EMAIL:
                return "not-an-email@";
            case BIRTH_DATE:
                return "1984-02-30";
            case DATE:
                return "yesterday";
            case STATE:
                return "Texas";
            case ZIP:
                return "ABCDE";
            case AMOUNT:
                return "lots";
            case FLAG:
                return "maybe";
            default:
                return null;
        }
    }
}
