package io.leadwire.quality;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a person's name: letters of any script (with their combining marks), spaces,
 * apostrophes, hyphens and periods pass ({@code María-José O'Neil}, {@code J. R. R. Tolkien},
 * {@code 李小龙}); digits, markup, URLs and any other symbol fail with
 * {@link ReasonCode#NAME_INVALID_CHARS}. Stateless and thread-safe.
 */
public final class NameValidator {
    /** Letters and marks in words, separated by spaces, apostrophes (' and ’), hyphens or periods. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}]+(?:[ '’.\\-]+[\\p{L}\\p{M}]+)*\\.?");
    /** Made only of allowed characters yet still a web address: {@code www.example.com}. */
    private static final Pattern WEB_ADDRESS = Pattern.compile(
            "(?i)(?:^|[ .])www\\.|\\.(?:com|net|org|info|biz|io|ru|xyz|top|online|site|club)(?:$|[ .])");

    /**
     * Checks a name field.
     *
     * @param field the field's name, used in the message
     * @param raw   the value as stored, or null if the lead has none (absence is not this check's business)
     * @return the finding, or empty if the name is acceptable or absent
     */
    public Optional<Finding> check(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String name = raw.strip();
        if (NAME.matcher(name).matches() && !WEB_ADDRESS.matcher(name).find()) {
            return Optional.empty();
        }
        return Optional.of(Finding.error(ReasonCode.NAME_INVALID_CHARS, field,
                "Field '" + field + "' has characters no name has: '" + EmailValidator.clip(raw)
                        + "'. Names may hold letters, spaces, apostrophes, hyphens and periods only."));
    }
}
