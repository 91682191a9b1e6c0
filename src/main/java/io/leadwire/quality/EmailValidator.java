package io.leadwire.quality;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks and normalizes an email address: practical RFC 5322 syntax (commons-validator, which also
 * knows the IANA top-level domains), internationalized domains converted to punycode, a
 * disposable-domain list, and optionally an MX lookup through an injected {@link MxResolver}.
 *
 * <p>Normalization trims the address, lower-cases the domain and converts it to ASCII; the local
 * part is kept as sent, since RFC 5321 lets the receiving server treat it case-sensitively.
 * Immutable and thread-safe; build one and reuse it.
 */
public final class EmailValidator {
    private static final Pattern ASCII_HOST = Pattern.compile("[a-z0-9._-]*");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    /** RFC 5321's limit on a forward path; longer input is refused before any regex runs. */
    static final int MAX_LENGTH = 254;

    private final org.apache.commons.validator.routines.EmailValidator syntax =
            org.apache.commons.validator.routines.EmailValidator.getInstance(false, false);
    private final DisposableDomains disposable;
    private final Optional<MxResolver> mx;

    /** A validator with the shipped disposable list and no MX lookup. */
    public EmailValidator() {
        this(DisposableDomains.shipped(), Optional.empty());
    }

    /**
     * @param disposable the disposable domains to refuse
     * @param mx         an MX resolver, or empty to skip the lookup (the default)
     */
    public EmailValidator(DisposableDomains disposable, Optional<MxResolver> mx) {
        this.disposable = Objects.requireNonNull(disposable, "disposable");
        this.mx = Objects.requireNonNull(mx, "mx");
    }

    /**
     * The normalized form of an address: stripped, domain lower-cased, IDN converted to punycode,
     * trailing dots of the domain dropped. Total (never throws, any input) and idempotent; input
     * that is not an address comes back stripped, to be refused by {@link #check}.
     */
    public static String normalize(String raw) {
        String s = raw.strip();
        int at = s.lastIndexOf('@');
        if (at < 0) {
            return s;
        }
        return s.substring(0, at) + "@" + asciiDomain(s.substring(at + 1));
    }

    private static String asciiDomain(String domain) {
        String d = trimDomain(domain.toLowerCase(Locale.ROOT));
        if (!ASCII_HOST.matcher(d).matches()) {
            try {
                String ascii = trimDomain(IDN.toASCII(d).toLowerCase(Locale.ROOT));
                // Only an LDH result is taken: IDN mapping can turn e.g. a full-width '＠' into '@',
                // which would change where the address splits on a second pass.
                if (ASCII_HOST.matcher(ascii).matches()) {
                    d = ascii;
                }
            } catch (IllegalArgumentException e) {
                // not a valid IDN: keep it as written, the syntax check refuses it
            }
        }
        return d;
    }

    private static String trimDomain(String d) {
        int end = d.length();
        while (end > 0 && (d.charAt(end - 1) == '.' || Character.isWhitespace(d.charAt(end - 1)))) {
            end--;
        }
        int start = 0;
        while (start < end && Character.isWhitespace(d.charAt(start))) {
            start++;
        }
        return d.substring(start, end);
    }

    /**
     * Checks an email field.
     *
     * @param field the field's name, used in messages
     * @param raw   the value as stored, or null if the lead has none
     */
    public EmailCheck check(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return new EmailCheck(null, false, List.of());
        }
        String normalized = normalize(raw);
        List<Finding> findings = new ArrayList<>(1);
        if (normalized.length() > MAX_LENGTH || !syntax.isValid(normalized)) {
            findings.add(Finding.error(ReasonCode.EMAIL_SYNTAX, field,
                    "Field '" + field + "' is not a valid email address: '" + clip(raw)
                            + "'. Expected something like name@example.com."));
            return new EmailCheck(normalized, false, findings);
        }
        String domain = normalized.substring(normalized.lastIndexOf('@') + 1);
        if (disposable.contains(domain)) {
            findings.add(Finding.error(ReasonCode.EMAIL_DISPOSABLE, field,
                    "Field '" + field + "' uses the disposable mail domain '" + domain
                            + "'; buyers cannot reach it. Ask the vendor for the lead's real address."));
        } else if (mx.isPresent() && !mx.get().acceptsMail(domain)) {
            findings.add(Finding.error(ReasonCode.EMAIL_NO_MX, field,
                    "Field '" + field + "': the domain '" + domain + "' has no mail server (no MX record)."));
        }
        return new EmailCheck(normalized, findings.isEmpty(), findings);
    }

    /** A value shortened and made printable for a message. */
    static String clip(String s) {
        String one = CONTROL.matcher(s).replaceAll(" ");
        return one.length() <= 60 ? one : one.substring(0, 60) + "…";
    }
}
