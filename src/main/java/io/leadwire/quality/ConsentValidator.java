package io.leadwire.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks consent proof: a TrustedForm certificate URL ({@code https://cert.trustedform.com/} and
 * 40 hex digits) or a Jornaya LeadiD token (a UUID-shaped token). A present but malformed proof
 * is an error when the policy requires consent and a warning otherwise; a required but absent
 * proof is {@link ReasonCode#CONSENT_MISSING}. Stateless and thread-safe.
 */
public final class ConsentValidator {
    private static final Pattern TRUSTED_FORM = Pattern.compile("https://cert\\.trustedform\\.com/[0-9a-fA-F]{40}");
    private static final Pattern JORNAYA = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Whether a value is a well-formed TrustedForm certificate URL. */
    public static boolean isTrustedFormCertificate(String v) {
        return v != null && TRUSTED_FORM.matcher(v.strip()).matches();
    }

    /** Whether a value is a well-formed Jornaya LeadiD token. */
    public static boolean isJornayaToken(String v) {
        return v != null && JORNAYA.matcher(v.strip()).matches();
    }

    /**
     * @param fields   the lead's fields
     * @param policy   which fields carry the proofs and whether consent is required
     * @return the findings; empty if consent is proved or not required and not malformed
     */
    public List<Finding> check(Map<String, String> fields, QualityPolicy policy) {
        List<Finding> malformed = new ArrayList<>(0);
        boolean proved = false;
        for (String f : policy.trustedFormFields()) {
            proved |= judge(fields.get(f), f, isTrustedFormCertificate(fields.get(f)),
                    "a TrustedForm certificate URL such as https://cert.trustedform.com/<40 hex digits>", malformed);
        }
        for (String f : policy.jornayaFields()) {
            proved |= judge(fields.get(f), f, isJornayaToken(fields.get(f)),
                    "a Jornaya LeadiD token such as 1A2B3C4D-5E6F-7A8B-9C0D-1E2F3A4B5C6D", malformed);
        }
        // A bad proof only blocks the lead when it was needed and nothing else proves consent.
        boolean blocking = policy.consentRequired() && !proved;
        List<Finding> findings = new ArrayList<>(malformed.size() + 1);
        for (Finding f : malformed) {
            findings.add(blocking ? new Finding(f.code(), f.field(), f.message(), Severity.ERROR) : f);
        }
        if (blocking && malformed.isEmpty()) {
            String tf = policy.trustedFormFields().isEmpty() ? "trustedform_cert_url" : policy.trustedFormFields().get(0);
            String jl = policy.jornayaFields().isEmpty() ? "jornaya_leadid" : policy.jornayaFields().get(0);
            findings.add(Finding.error(ReasonCode.CONSENT_MISSING, tf,
                    "This campaign requires consent proof: send '" + tf + "' or '" + jl + "'."));
        }
        return findings;
    }

    /** @param malformed receives a warning for a present but malformed proof */
    private static boolean judge(String value, String field, boolean wellFormed, String expected,
            List<Finding> malformed) {
        if (value == null || value.isBlank()) {
            return false;
        }
        if (wellFormed) {
            return true;
        }
        malformed.add(Finding.warning(ReasonCode.CONSENT_MALFORMED, field,
                "Field '" + field + "' is not " + expected + ": '" + EmailValidator.clip(value) + "'."));
        return false;
    }
}
