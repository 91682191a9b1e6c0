package io.leadwire.quality;

import java.util.Objects;

/**
 * One thing a validator found about one field of a lead.
 *
 * @param code     stable, machine-readable reason code from {@link ReasonCode}, e.g. {@code email.syntax};
 *                 screens, reports and policies key on it, so it never changes once released
 * @param field    the lead field it is about, e.g. {@code email}; never null
 * @param message  a human sentence for sales ops that names the field and what to fix
 * @param severity how much it weighs in the decision
 */
public record Finding(String code, String field, String message, Severity severity) {
    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
    }

    static Finding error(String code, String field, String message) {
        return new Finding(code, field, message, Severity.ERROR);
    }

    static Finding warning(String code, String field, String message) {
        return new Finding(code, field, message, Severity.WARNING);
    }

    static Finding info(String code, String field, String message) {
        return new Finding(code, field, message, Severity.INFO);
    }
}
