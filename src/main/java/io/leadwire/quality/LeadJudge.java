package io.leadwire.quality;

import io.leadwire.intake.VendorDialect;
import io.leadwire.lead.CanonicalField;
import io.leadwire.lead.Lead;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Judges one lead: runs every validator, normalizes its fields, scores it and decides.
 *
 * <p>The decision, in this order:
 * <ol>
 *   <li><b>REJECTED</b> if any finding's code is in the policy's {@link QualityPolicy#rejectCodes()}
 *       (empty by default: by default nothing is thrown away, because sales ops can fix most
 *       problems; a campaign opts in, e.g. to reject {@code email.disposable} or {@code consent.missing}).</li>
 *   <li><b>QUARANTINED</b> if any finding has severity {@link Severity#ERROR}. This includes
 *       hard-invalid identity: no usable email <em>and</em> no valid phone
 *       ({@link ReasonCode#IDENTITY_UNREACHABLE}), or markup, digits or URLs in a name
 *       ({@link ReasonCode#NAME_INVALID_CHARS}); and any other present-but-wrong value
 *       (bad email, invalid phone, unknown enum value, non-numeric number, missing required field
 *       or consent), since buyers would return such a lead.</li>
 *   <li><b>QUARANTINED</b> if the score falls in the {@link Tier#REVIEW} tier
 *       ({@link ReasonCode#SCORE_REVIEW} is added to the reasons).</li>
 *   <li>Otherwise <b>ACCEPTED</b>.</li>
 * </ol>
 * Warnings (phone country differs from the stated one, geo-IP mismatch, unknown country name) and
 * infos ({@link ReasonCode#GEO_UNCHECKED}, private or reserved IP, IP not in the geo-IP database,
 * verification service unavailable) only show in the reasons and the score. An external verifier's
 * "undeliverable" or "not a valid number" counts like a bad email or phone (error and score rule).
 *
 * <p>The lead's country is its {@code country} field resolved by {@link Countries}, else the
 * policy's default country. The arrival time scored for business hours is the lead's
 * {@link Lead#receivedAt()} (so re-judging a fixed lead later scores it the same); the injected
 * clock stamps {@link Verdict#judgedAt()}.
 *
 * <p>Pure and offline unless an {@link MxResolver} or {@link GeoIpLocator} is given (external
 * verification only reads answers fetched before the claim); thread-safe.
 */
public final class LeadJudge {
    /** Added field: the phone in E.164. */
    public static final String PHONE_E164 = "phone_e164";
    /** Added field: the phone's line type, e.g. {@code mobile}. */
    public static final String PHONE_LINE_TYPE = "phone_line_type";
    /** Added field: the phone's ISO region. */
    public static final String PHONE_REGION = "phone_region";
    /** Added field: the lead's country as an ISO alpha-2 code. */
    public static final String COUNTRY_CODE = "country_code";

    private final QualityPolicy defaultPolicy;
    private final Clock clock;
    private final EmailValidator email;
    private final PhoneValidator phone = new PhoneValidator();
    private final NameValidator names = new NameValidator();
    private final FieldValueValidator values = new FieldValueValidator();
    private final ConsentValidator consent = new ConsentValidator();
    private final Optional<GeoIpLocator> geo;
    private final ExternalVerification external;

    /** A judge with the shipped disposable list, no MX lookup and no geo-IP. */
    public LeadJudge(QualityPolicy defaultPolicy, Clock clock) {
        this(defaultPolicy, clock, new EmailValidator(), Optional.empty());
    }

    /**
     * @param defaultPolicy the policy for {@link #judge(Lead)}
     * @param clock         stamps the verdicts
     * @param email         the email validator (its disposable list and optional MX resolver)
     * @param geo           a geo-IP locator, or empty until one is configured
     */
    public LeadJudge(QualityPolicy defaultPolicy, Clock clock, EmailValidator email, Optional<GeoIpLocator> geo) {
        this(defaultPolicy, clock, email, geo, ExternalVerification.NONE);
    }

    /**
     * @param external answers of external email/phone verification services, read from their caches
     *                 only (see {@link ExternalChecks}); {@link ExternalVerification#NONE} when off
     */
    public LeadJudge(QualityPolicy defaultPolicy, Clock clock, EmailValidator email, Optional<GeoIpLocator> geo,
                     ExternalVerification external) {
        this.external = Objects.requireNonNull(external, "external");
        this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.email = Objects.requireNonNull(email, "email");
        this.geo = Objects.requireNonNull(geo, "geo");
    }

    /** Judges a lead under the default policy. */
    public Verdict judge(Lead lead) {
        return judge(lead, defaultPolicy);
    }

    /** Judges a lead under a campaign's or vendor's policy. */
    public Verdict judge(Lead lead, QualityPolicy policy) {
        Map<String, String> in = lead.fields();
        Map<String, String> out = new LinkedHashMap<>(in);
        List<Finding> findings = new ArrayList<>(4);
        String dialectIssues = in.get(VendorDialect.ISSUES_FIELD);
        if (dialectIssues != null) {
            findings.add(Finding.warning(ReasonCode.DIALECT_MAPPING, VendorDialect.ISSUES_FIELD,
                    "The vendor's field mapping could not map everything (values kept as sent): " + dialectIssues));
        }

        String region = region(in.get(CanonicalField.COUNTRY), policy, findings);
        if (region != null) {
            out.put(COUNTRY_CODE, region);
        }
        String phoneField = phoneField(in, policy);
        for (String f : policy.requiredFields()) {
            if (!present(in, f) && !(isPhone(f, policy) && phoneField != null)) {
                findings.add(Finding.error(ReasonCode.FIELD_REQUIRED, f,
                        "Field '" + f + "' is required by this campaign but the lead has none."));
            }
        }
        for (String f : policy.nameFields()) {
            names.check(f, in.get(f)).ifPresent(findings::add);
        }

        EmailCheck ec = email.check(CanonicalField.EMAIL, in.get(CanonicalField.EMAIL));
        if (ec.normalized() != null) {
            out.put(CanonicalField.EMAIL, ec.normalized());
        }
        findings.addAll(ec.findings());

        PhoneCheck pc = phone.check(phoneField == null ? CanonicalField.PHONE : phoneField,
                phoneField == null ? null : in.get(phoneField), region);
        findings.addAll(pc.findings());
        if (pc.valid()) {
            out.put(PHONE_E164, pc.e164());
            out.put(PHONE_LINE_TYPE, pc.lineType().wireName());
            out.put(PHONE_REGION, pc.region());
        }
        ExternalVerification.Result ext = external.check(ec.usable() ? ec.normalized() : null,
                pc.valid() ? pc.e164() : null);
        findings.addAll(ext.findings());
        out.putAll(ext.fields());
        boolean emailUsable = ec.usable() && !ext.emailUndeliverable();
        boolean phoneValid = pc.valid() && !ext.phoneUnverifiable();
        if (!emailUsable && !phoneValid) {
            findings.add(Finding.error(ReasonCode.IDENTITY_UNREACHABLE, CanonicalField.EMAIL,
                    "The lead has neither a usable email nor a valid phone: nobody could contact it. "
                            + "Fix 'email' or '" + (phoneField == null ? CanonicalField.PHONE : phoneField) + "'."));
        }

        boolean experienceKnown = false;
        for (Map.Entry<String, Set<String>> e : policy.allowedValues().entrySet()) {
            String f = e.getKey();
            if (present(in, f)) {
                FieldValueValidator.Result r = values.checkEnum(f, in.get(f), e.getValue());
                r.normalized().ifPresent(v -> out.put(f, v));
                r.finding().ifPresent(findings::add);
                experienceKnown |= f.equals(QualityPolicy.TRADING_EXPERIENCE) && r.normalized().isPresent();
            }
        }
        BigDecimal capitalLow = null;
        for (String f : policy.numericFields()) {
            if (present(in, f)) {
                FieldValueValidator.Result r = values.checkNumber(f, in.get(f));
                r.normalized().ifPresent(v -> out.put(f, v));
                r.finding().ifPresent(findings::add);
                if (f.equals(QualityPolicy.CAPITAL_AVAILABLE) && r.amount().isPresent()) {
                    capitalLow = r.amount().get().low();
                }
            }
        }
        findings.addAll(consent.check(in, policy));

        ScoreInputs.GeoCheck geoCheck = geoCheck(in.get(CanonicalField.IP_ADDRESS), region, findings);
        List<String> missing = new ArrayList<>(2);
        for (String f : policy.optionalFields()) {
            if (!present(in, f) && !(isPhone(f, policy) && phoneField != null)) {
                missing.add(f);
            }
        }
        Score score = new Scorer(policy.scoring()).score(new ScoreInputs(emailUsable, phoneField != null,
                phoneValid, geoCheck, missing, region, capitalLow, experienceKnown, lead.receivedAt()));
        if (score.tier() == Tier.REVIEW) {
            findings.add(Finding.warning(ReasonCode.SCORE_REVIEW, CanonicalField.LEAD_ID,
                    "The lead scored " + score.value() + ", below the standard threshold "
                            + policy.scoring().standardThreshold() + ": review it before it goes to buyers."));
        }
        return new Verdict(decide(findings, score, policy), findings, out, score, clock.instant());
    }

    private static Decision decide(List<Finding> findings, Score score, QualityPolicy policy) {
        boolean error = false;
        for (Finding f : findings) {
            if (policy.rejectCodes().contains(f.code())) {
                return Decision.REJECTED;
            }
            error |= f.severity() == Severity.ERROR;
        }
        return error || score.tier() == Tier.REVIEW ? Decision.QUARANTINED : Decision.ACCEPTED;
    }

    private static String region(String country, QualityPolicy policy, List<Finding> findings) {
        if (country == null || country.isBlank()) {
            return policy.defaultCountry().orElse(null);
        }
        Optional<String> r = Countries.regionOf(country);
        if (r.isEmpty()) {
            findings.add(Finding.warning(ReasonCode.COUNTRY_UNKNOWN, CanonicalField.COUNTRY,
                    "Field 'country' is not a country we know: '" + EmailValidator.clip(country)
                            + "'. Send an ISO code such as GB or a name such as United Kingdom."));
        }
        return r.orElse(null);
    }

    private ScoreInputs.GeoCheck geoCheck(String ip, String region, List<Finding> findings) {
        if (ip == null || ip.isBlank()) {
            return ScoreInputs.GeoCheck.UNCHECKED;
        }
        if (geo.isEmpty()) {
            findings.add(Finding.info(ReasonCode.GEO_UNCHECKED, CanonicalField.IP_ADDRESS,
                    "Field 'ip_address' was not checked against the country: no geo-IP database is configured."));
            return ScoreInputs.GeoCheck.UNCHECKED;
        }
        GeoIpLookup found = geo.get().locate(ip.strip());
        String field = CanonicalField.IP_ADDRESS;
        switch (found.outcome()) {
            case FOUND:
                String ipCountry = found.country().orElseThrow();
                if (region == null) {
                    findings.add(Finding.info(ReasonCode.GEO_UNCHECKED, field, "Field 'ip_address' is located in "
                            + ipCountry + " but the lead states no country we know to compare it with."));
                    return ScoreInputs.GeoCheck.UNCHECKED;
                }
                if (ipCountry.equals(region)) {
                    return ScoreInputs.GeoCheck.MATCH;
                }
                findings.add(Finding.warning(ReasonCode.GEO_MISMATCH, field,
                        "Field 'ip_address' is located in " + ipCountry + " but the lead's country is " + region + "."));
                return ScoreInputs.GeoCheck.MISMATCH;
            case PRIVATE:
                findings.add(Finding.info(ReasonCode.GEO_PRIVATE_IP, field, "Field 'ip_address' is a private address ("
                        + found.detail() + "): it says nothing about where the lead is; the vendor may be sending "
                        + "its own network's address."));
                break;
            case RESERVED:
                findings.add(Finding.info(ReasonCode.GEO_RESERVED_IP, field, "Field 'ip_address' is a reserved address ("
                        + found.detail() + "), not one a person browses from."));
                break;
            case NOT_FOUND:
                findings.add(Finding.info(ReasonCode.GEO_NOT_FOUND, field,
                        "Field 'ip_address' is not in the geo-IP database: its country is unknown."));
                break;
            case INVALID_ADDRESS:
                findings.add(Finding.warning(ReasonCode.GEO_IP_INVALID, field, "Field 'ip_address' is not an IPv4 or "
                        + "IPv6 address: '" + EmailValidator.clip(ip) + "'."));
                break;
            default:
                findings.add(Finding.info(ReasonCode.GEO_UNCHECKED, field,
                        "Field 'ip_address' could not be checked against the country: " + found.detail() + "."));
                break;
        }
        return ScoreInputs.GeoCheck.UNCHECKED;
    }

    private static String phoneField(Map<String, String> in, QualityPolicy policy) {
        for (String f : policy.phoneFields()) {
            if (present(in, f)) {
                return f;
            }
        }
        return null;
    }

    /** Whether {@code f} names the phone, which any of the policy's phone fields can satisfy. */
    private static boolean isPhone(String f, QualityPolicy policy) {
        return policy.phoneFields().contains(f);
    }

    private static boolean present(Map<String, String> in, String f) {
        String v = in.get(f);
        return v != null && !v.isBlank();
    }
}
