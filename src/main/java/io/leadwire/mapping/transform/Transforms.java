package io.leadwire.mapping.transform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Factories for the text transforms of field rules. Phones, dates and numbers live in
 * {@link PhoneTransforms}, {@link DateTransforms} and {@link NumberTransforms}.
 *
 * <p>Every factory prepares its work up front; the returned {@link Transform} is immutable.
 */
public final class Transforms {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern STATE_ZIP = Pattern.compile("^([A-Za-z]{2})\\.?\\s*(\\d{5}(?:-\\d{4})?)?$");
    private static final Pattern TRAILING_STATE_ZIP =
            Pattern.compile("^(.*?)[,\\s]+([A-Za-z]{2})\\.?\\s+(\\d{5}(?:-\\d{4})?)$");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Transforms() {
    }

    /**
     * Runs a chain of transforms on one value and collects what they reported.
     *
     * <p>Example: {@code Transforms.run(List.of(Transforms.trim(), Transforms.upper()), " tx ",
     * Map.of(), clock)} gives value {@code "TX"}.
     */
    public static TransformResult run(List<Transform> chain, String value, Map<String, String> fields, Clock clock) {
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        TransformContext context = new TransformContext() {
            @Override
            public String field(String name) {
                return fields.get(name);
            }

            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
            }

            @Override
            public void fail(String message) {
                errors.add(message);
            }
        };
        String current = value;
        for (Transform transform : chain) {
            current = transform.apply(current, context);
            if (!errors.isEmpty()) {
                return new TransformResult(null, warnings, errors);
            }
        }
        return new TransformResult(current, warnings, errors);
    }

    /** Runs one transform; see {@link #run(List, String, Map, Clock)}. */
    public static TransformResult run(Transform transform, String value, Map<String, String> fields, Clock clock) {
        return run(List.of(transform), value, fields, clock);
    }

    /** Removes leading and trailing white space. Example: {@code "  Austin "} → {@code "Austin"}. */
    public static Transform trim() {
        return (value, context) -> value == null ? null : value.strip();
    }

    /** Upper-cases (locale-neutral). Example: {@code "tx"} → {@code "TX"}. */
    public static Transform upper() {
        return (value, context) -> value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    /** Lower-cases (locale-neutral). Example: {@code "MJ@Example.ORG"} → {@code "mj@example.org"}. */
    public static Transform lower() {
        return (value, context) -> value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /**
     * Title case: the first letter of every word upper, the rest lower; words break at spaces,
     * hyphens and apostrophes. Example: {@code "maría-josé o'NEIL"} → {@code "María-José O'Neil"}.
     */
    public static Transform title() {
        return (value, context) -> {
            if (value == null) {
                return null;
            }
            StringBuilder out = new StringBuilder(value.length());
            boolean wordStart = true;
            for (int i = 0; i < value.length(); ) {
                int cp = value.codePointAt(i);
                out.appendCodePoint(wordStart ? Character.toTitleCase(cp) : Character.toLowerCase(cp));
                wordStart = Character.isWhitespace(cp) || cp == '-' || cp == '\'';
                i += Character.charCount(cp);
            }
            return out.toString();
        };
    }

    /**
     * Uses {@code fallback} when the value is missing or blank.
     * Example: {@code default("US")} turns {@code ""} into {@code "US"}.
     */
    public static Transform defaultValue(String fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return (value, context) -> value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Appends other lead fields to the value, joined by {@code separator}; missing or blank
     * parts are skipped. Example: value {@code "Austin"} with fields {@code [state]} and
     * separator {@code ", "} → {@code "Austin, TX"}.
     */
    public static Transform concat(List<String> fields, String separator) {
        List<String> names = List.copyOf(fields);
        Objects.requireNonNull(separator, "separator");
        return (value, context) -> {
            StringBuilder out = new StringBuilder();
            if (value != null && !value.isBlank()) {
                out.append(value);
            }
            for (String name : names) {
                String part = context.field(name);
                if (part != null && !part.isBlank()) {
                    if (out.length() > 0) {
                        out.append(separator);
                    }
                    out.append(part);
                }
            }
            return out.length() == 0 ? null : out.toString();
        };
    }

    /**
     * Cuts the value to at most {@code maxLength} characters (never inside a surrogate pair) and
     * warns when it did. Example: {@code truncate(5)} on {@code "Austinville"} → {@code "Austi"}.
     */
    public static Transform truncate(int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("max length must be >= 0, was " + maxLength);
        }
        return (value, context) -> {
            if (value == null || value.codePointCount(0, value.length()) <= maxLength) {
                return value;
            }
            context.warn("truncated to " + maxLength + " characters");
            return value.substring(0, value.offsetByCodePoints(0, maxLength));
        };
    }

    /**
     * Replaces every match of a regular expression (compiled once, here).
     * Example: {@code regex("\\D", "")} on {@code "(512) 555-0147"} → {@code "5125550147"}.
     */
    public static Transform regexReplace(String regex, String replacement) {
        Pattern pattern = Pattern.compile(regex);
        String quoted = Objects.requireNonNull(replacement, "replacement");
        return (value, context) -> value == null ? null : pattern.matcher(value).replaceAll(quoted);
    }

    /**
     * Translates values through a table. A value not in the table gives a warning and
     * {@code fallback}, or the value unchanged when no fallback is configured.
     * Example: table {@code {1: Yes, 0: No}} turns {@code "1"} into {@code "Yes"}.
     *
     * <p>{@link Transform#possibleOutputs()} is the table's values plus the fallback: a value that passes
     * through unchanged is caught by the payload validator before sending, with the warning
     * already recorded.
     *
     * @param ignoreCase whether keys match regardless of case
     */
    public static Transform translate(Map<String, String> table, String fallback, boolean ignoreCase) {
        Map<String, String> lookup = new HashMap<>();
        table.forEach((k, v) -> lookup.put(ignoreCase ? k.toLowerCase(Locale.ROOT) : k, Objects.requireNonNull(v)));
        Set<String> outputs = new LinkedHashSet<>(table.values());
        if (fallback != null) {
            outputs.add(fallback);
        }
        Set<String> possible = Set.copyOf(outputs);
        return new Transform() {
            @Override
            public String apply(String value, TransformContext context) {
                if (value == null) {
                    return null;
                }
                String hit = lookup.get(ignoreCase ? value.toLowerCase(Locale.ROOT) : value);
                if (hit != null) {
                    return hit;
                }
                context.warn("value '" + value + "' is not in the translation table"
                        + (fallback == null ? "; sent unchanged" : "; sent as '" + fallback + "'"));
                return fallback == null ? value : fallback;
            }

            @Override
            public Optional<Set<String>> possibleOutputs() {
                return Optional.of(possible);
            }
        };
    }

    /**
     * Normalizes an e-mail address (trimmed, lower-cased) and hashes it with SHA-256, as hex.
     * Example: {@code " ABC "} → {@code "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}.
     */
    public static Transform sha256Email() {
        return (value, context) -> {
            if (value == null) {
                return null;
            }
            byte[] digest = sha256().digest(value.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            char[] out = new char[digest.length * 2];
            for (int i = 0; i < digest.length; i++) {
                out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
                out[2 * i + 1] = HEX[digest[i] & 0xF];
            }
            return new String(out);
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** The part of a full name {@link #splitName} returns. */
    public enum NamePart { FIRST, MIDDLE, LAST }

    /**
     * Takes one part of a full name: the first word, the last word, or everything between.
     * A single word is a first name; asking for its last name warns and gives no value.
     * Example: {@code splitName(LAST)} on {@code "Mary Ann O'Neil"} → {@code "O'Neil"}.
     */
    public static Transform splitName(NamePart part) {
        Objects.requireNonNull(part, "part");
        return (value, context) -> {
            if (value == null || value.isBlank()) {
                return value;
            }
            String[] words = WHITESPACE.split(value.strip());
            switch (part) {
                case FIRST:
                    return words[0];
                case LAST:
                    if (words.length < 2) {
                        context.warn("'" + value + "' has no last name");
                        return null;
                    }
                    return words[words.length - 1];
                default:
                    return words.length < 3 ? null : String.join(" ", List.of(words).subList(1, words.length - 1));
            }
        };
    }

    /** The part of a one-line address {@link #splitAddress} returns. */
    public enum AddressPart { STREET, CITY, STATE, ZIP }

    /**
     * Best-effort split of a one-line US address {@code "street, city, ST 12345"} (commas
     * optional before the state). When the line does not fit, warns and gives no value.
     * Example: {@code splitAddress(CITY)} on {@code "123 Main St, Austin, TX 78701"} → {@code "Austin"}.
     */
    public static Transform splitAddress(AddressPart part) {
        Objects.requireNonNull(part, "part");
        return (value, context) -> {
            if (value == null || value.isBlank()) {
                return value;
            }
            String[] parsed = parseAddress(value.strip());
            if (parsed == null) {
                context.warn("could not split address '" + value + "'");
                return null;
            }
            return parsed[part.ordinal()];
        };
    }

    /** street, city, state, zip; or null when the line does not look like an address. */
    private static String[] parseAddress(String line) {
        String[] parts = line.split("\\s*,\\s*");
        if (parts.length >= 3) {
            Matcher stateZip = STATE_ZIP.matcher(parts[parts.length - 1]);
            if (!stateZip.matches()) {
                return null;
            }
            String street = String.join(", ", List.of(parts).subList(0, parts.length - 2));
            return new String[] {street, parts[parts.length - 2], stateZip.group(1).toUpperCase(Locale.ROOT),
                    stateZip.group(2)};
        }
        if (parts.length == 2) {
            Matcher tail = TRAILING_STATE_ZIP.matcher(parts[1]);
            if (tail.matches()) {
                return new String[] {parts[0], tail.group(1), tail.group(2).toUpperCase(Locale.ROOT), tail.group(3)};
            }
        }
        return null;
    }

    /**
     * Takes the {@code index}-th piece (from 0) of the value split at a literal separator;
     * a missing piece gives no value. Example: {@code splitAt(",", 1)} on {@code "a,b"} → {@code "b"}.
     */
    public static Transform splitAt(String separator, int index) {
        Pattern pattern = Pattern.compile(Pattern.quote(separator));
        return (value, context) -> {
            if (value == null) {
                return null;
            }
            String[] pieces = pattern.split(value, -1);
            return index < pieces.length ? pieces[index].strip() : null;
        };
    }
}
