package io.leadwire.delivery.auth;

import io.leadwire.delivery.ErrorClass;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text values of one {@code auth} block with the checks every scheme shares. Messages name
 * the key at fault and never repeat a value that might be a secret written in clear text.
 */
final class SchemeFields {
    /** The mapping documents' placeholder, here always the whole value. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]+)}");
    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";
    /** Headers OkHttp sets itself from the body and URL; auth must not fight over them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host",
            "transfer-encoding", "connection");

    private final String type;
    private final Map<String, String> values;

    SchemeFields(String type, Map<String, String> values) {
        this.type = type;
        this.values = values;
    }

    String type() {
        return type;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The value as written, or {@code null} when the key is absent. */
    String get(String key) {
        return values.get(key);
    }

    String getOr(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    IllegalArgumentException refuse(String key, String problem) {
        return new IllegalArgumentException("\"" + key + "\" " + problem);
    }

    void require(String key) {
        if (!has(key)) {
            throw refuse(key, "is required for auth type \"" + type + "\"");
        }
    }

    /** A value that is a secret: only a placeholder naming it may be written. */
    void secret(String key) {
        String value = get(key);
        if (value == null || PLACEHOLDER.matcher(value).matches()) {
            return;
        }
        if (value.contains("${")) {
            throw refuse(key, "must be exactly one ${secret:NAME} placeholder (NAME of letters, digits, '_', '.', '-')");
        }
        throw refuse(key, "must not be written in clear text: put the value in the secret store and write "
                + "its placeholder here, e.g. \"${secret:BUYER_" + key.replaceAll("([a-z])([A-Z])", "$1_$2")
                        .toUpperCase(Locale.ROOT) + "}\"");
    }

    /** A value that is not a secret, so no placeholder either; one line of visible text. */
    void plain(String key) {
        String value = get(key);
        if (value == null) {
            return;
        }
        if (value.contains("${")) {
            throw refuse(key, "is not a secret and takes no placeholder; write the value itself");
        }
        if (!value.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            throw refuse(key, "must be one line without control characters");
        }
    }

    /** A value that is usually plain but may be kept in the secret store (a user name, a client id). */
    void plainOrSecret(String key) {
        String value = get(key);
        if (value != null && value.contains("${")) {
            secret(key);
        } else {
            plain(key);
        }
    }

    void nonEmpty(String key) {
        String value = get(key);
        if (value != null && value.isBlank()) {
            throw refuse(key, "must not be empty");
        }
    }

    void oneOf(String key, Set<String> allowed, String listed) {
        String value = get(key);
        if (value != null && !allowed.contains(value)) {
            throw refuse(key, "must be " + listed + ", not '" + value + "'");
        }
    }

    /** An HTTP header name (an RFC 9110 token). */
    void headerName(String key) {
        String value = get(key);
        if (value == null) {
            return;
        }
        if (value.isEmpty() || !value.chars().allMatch(c -> c < 127
                && (Character.isLetterOrDigit(c) || TOKEN_CHARS.indexOf(c) >= 0))) {
            throw refuse(key, "must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~), not '"
                    + value + "'");
        }
        if (RESERVED_HEADERS.contains(value.toLowerCase(Locale.ROOT))) {
            throw refuse(key, "names header '" + value + "', which is set from the body and URL");
        }
    }

    /** True when the value is a placeholder. */
    boolean isSecret(String key) {
        String value = get(key);
        return value != null && PLACEHOLDER.matcher(value).matches();
    }

    /**
     * The value to use: a placeholder looked up in the secret store, plain text as written.
     *
     * @throws AuthException {@link ErrorClass#CONFIGURATION} when the secret has no value
     */
    String resolve(String key, UnaryOperator<String> secrets) throws AuthException {
        String value = get(key);
        if (value == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(value);
        if (!m.matches()) {
            return value;
        }
        String name = m.group(1);
        String clear = secrets.apply(name);
        if (clear == null || clear.isEmpty()) {
            throw new AuthException(ErrorClass.CONFIGURATION, "secret '" + name + "' (\"" + key + "\" of "
                    + type + " auth) has no value; add it to the secret store");
        }
        return clear;
    }

    /**
     * Refuses a resolved value that cannot travel in an HTTP header, without repeating it.
     *
     * @throws AuthException {@link ErrorClass#CONFIGURATION}
     */
    String headerSafe(String key, String resolved) throws AuthException {
        if (!resolved.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7f)) {
            throw new AuthException(ErrorClass.CONFIGURATION, "the value of \"" + key + "\" of " + type
                    + " auth has characters an HTTP header cannot carry (line breaks, non-ASCII)");
        }
        return resolved;
    }

    /** What a value looks like on screen: a secret as the mask, anything else as written. */
    String shown(String key) {
        return isSecret(key) ? BuyerAuth.MASK : get(key);
    }
}
