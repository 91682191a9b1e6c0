package io.leadwire.quality;

import java.util.Set;

/**
 * The stable reason codes of {@link Finding}s. They are part of the engine's contract (policies,
 * the quarantine desk and vendor reports key on them): add new ones, never rename or reuse one.
 */
public final class ReasonCode {
    /** The email is not a practical RFC 5322 address (or its domain is not a real DNS name). */
    public static final String EMAIL_SYNTAX = "email.syntax";
    /** The email's domain is a known throw-away mailbox provider. */
    public static final String EMAIL_DISPOSABLE = "email.disposable";
    /** The email's domain has no MX record (only when an MX resolver is configured). */
    public static final String EMAIL_NO_MX = "email.no_mx";
    /** The phone cannot be parsed, or is not an assignable number of its country. */
    public static final String PHONE_INVALID = "phone.invalid";
    /** The phone is valid but belongs to another country than the lead states. */
    public static final String PHONE_COUNTRY_MISMATCH = "phone.country_mismatch";
    /** The stated country is neither an ISO 3166 code nor a country name we know. */
    public static final String COUNTRY_UNKNOWN = "country.unknown";
    /** A name holds digits, markup, URLs or other characters no name has. */
    public static final String NAME_INVALID_CHARS = "name.invalid_chars";
    /** A field with a fixed set of values has a value outside it. */
    public static final String ENUM_UNKNOWN_VALUE = "enum.unknown_value";
    /** A numeric field is not a number, a range {@code a-b} or an open range {@code a+}. */
    public static final String NUMBER_NOT_NUMERIC = "number.not_numeric";
    /** A range whose lower bound is above its upper bound. */
    public static final String RANGE_INVALID = "range.invalid";
    /** The campaign's policy requires a field the lead does not have. */
    public static final String FIELD_REQUIRED = "field.required";
    /** The policy requires consent proof and the lead has neither TrustedForm nor Jornaya. */
    public static final String CONSENT_MISSING = "consent.missing";
    /** A TrustedForm certificate URL or Jornaya LeadiD token is present but not well-formed. */
    public static final String CONSENT_MALFORMED = "consent.malformed";
    /** Neither a usable email nor a valid phone: nobody could contact this lead. */
    public static final String IDENTITY_UNREACHABLE = "identity.unreachable";
    /** The geo-IP country of the lead's IP address differs from the stated country. */
    public static final String GEO_MISMATCH = "geo.mismatch";
    /** The lead has an IP address but no geo-IP database is configured to check it. */
    public static final String GEO_UNCHECKED = "geo.unchecked";
    /** The lead's IP is in a private-use range (RFC 1918, CGNAT, loopback, link-local, IPv6 ULA): no country. */
    public static final String GEO_PRIVATE_IP = "geo.private_ip";
    /** The lead's IP is in a reserved range (documentation, benchmarking, multicast, ...): no country. */
    public static final String GEO_RESERVED_IP = "geo.reserved_ip";
    /** The geo-IP database has no country for the lead's (public) IP. */
    public static final String GEO_NOT_FOUND = "geo.not_found";
    /** The lead's {@code ip_address} is not an IPv4 or IPv6 address. */
    public static final String GEO_IP_INVALID = "geo.ip_invalid";
    /** An email-verification service says mail to this address would bounce. */
    public static final String EMAIL_UNDELIVERABLE = "email.undeliverable";
    /** An email-verification service cannot vouch for the address (catch-all, unknown, abuse). */
    public static final String EMAIL_RISKY = "email.risky";
    /** A phone-lookup service says the number is not a valid, reachable number. */
    public static final String PHONE_UNVERIFIABLE = "phone.unverifiable";
    /** A phone-lookup service says the line is disconnected or inactive. */
    public static final String PHONE_DISCONNECTED = "phone.disconnected";
    /** An external verification service did not answer in time (or its breaker is open): judged without it. */
    public static final String VERIFICATION_UNAVAILABLE = "verification.unavailable";
    /** The score fell into the review tier. */
    public static final String SCORE_REVIEW = "score.review";

    /** The vendor's dialect could not map a value (kept as the vendor sent it) or translate an enumeration. */
    public static final String DIALECT_MAPPING = "dialect.mapping";

    /** Every code above; policies may only name these. */
    public static final Set<String> ALL = Set.of(EMAIL_SYNTAX, EMAIL_DISPOSABLE, EMAIL_NO_MX,
            PHONE_INVALID, PHONE_COUNTRY_MISMATCH, COUNTRY_UNKNOWN, NAME_INVALID_CHARS, ENUM_UNKNOWN_VALUE,
            NUMBER_NOT_NUMERIC, RANGE_INVALID, FIELD_REQUIRED, CONSENT_MISSING, CONSENT_MALFORMED,
            IDENTITY_UNREACHABLE, GEO_MISMATCH, GEO_UNCHECKED, SCORE_REVIEW,
            GEO_PRIVATE_IP, GEO_RESERVED_IP, GEO_NOT_FOUND, GEO_IP_INVALID,
            EMAIL_UNDELIVERABLE, EMAIL_RISKY, PHONE_UNVERIFIABLE, PHONE_DISCONNECTED, VERIFICATION_UNAVAILABLE,
            DIALECT_MAPPING);

    /** The email (normalized, see {@link DedupeKeys#email}) repeats an earlier lead's within the dedupe window. */
    public static final String DUPLICATE_EMAIL = "duplicate.email";
    /** The phone (E.164) repeats an earlier lead's within the dedupe window. */
    public static final String DUPLICATE_PHONE = "duplicate.phone";
    /** Another vendor sent a lead with the same vendor lead id within the dedupe window. */
    public static final String DUPLICATE_VENDOR_LEAD_ID = "duplicate.vendor_lead_id";

    /**
     * The de-duplication codes above. Not in {@link #ALL}: what happens to a duplicate is the
     * {@link DedupePolicy}'s action, not a quality policy's reject codes.
     */
    public static final Set<String> DUPLICATES = Set.of(DUPLICATE_EMAIL, DUPLICATE_PHONE, DUPLICATE_VENDOR_LEAD_ID);

    private ReasonCode() {
    }
}
