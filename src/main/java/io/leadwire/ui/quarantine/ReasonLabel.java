package io.leadwire.ui.quarantine;

import java.util.Locale;
import java.util.Map;

/**
 * A reason code with the short name sales ops read on chips, e.g. {@code email.disposable} →
 * "Disposable email"; codes added later show as themselves until they get a name here.
 */
public record ReasonLabel(String code, String label) {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("email.syntax", "Invalid email"),
            Map.entry("email.disposable", "Disposable email"),
            Map.entry("email.no_mx", "Email domain has no MX"),
            Map.entry("phone.invalid", "Invalid phone"),
            Map.entry("phone.country_mismatch", "Phone country differs"),
            Map.entry("country.unknown", "Unknown country"),
            Map.entry("name.invalid_chars", "Bad name"),
            Map.entry("enum.unknown_value", "Unknown value"),
            Map.entry("number.not_numeric", "Not a number"),
            Map.entry("range.invalid", "Bad range"),
            Map.entry("field.required", "Missing field"),
            Map.entry("consent.missing", "Missing consent"),
            Map.entry("consent.malformed", "Bad consent proof"),
            Map.entry("identity.unreachable", "Unreachable"),
            Map.entry("geo.mismatch", "Geo-IP mismatch"),
            Map.entry("geo.unchecked", "Geo-IP unchecked"),
            Map.entry("score.review", "Low score"));

    public static ReasonLabel of(String code) {
        return new ReasonLabel(code, NAMES.getOrDefault(code, code));
    }

    /** The chip's style class, e.g. {@code reason-email}: one colour family per kind of problem. */
    public String family() {
        int dot = code.indexOf('.');
        return "reason-" + (dot < 0 ? code : code.substring(0, dot)).toLowerCase(Locale.ROOT);
    }
}
