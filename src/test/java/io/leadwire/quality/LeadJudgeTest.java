package io.leadwire.quality;

import static io.leadwire.quality.QualityFixtures.BUSINESS_HOURS;
import static io.leadwire.quality.QualityFixtures.SUNDAY_NIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeadJudgeTest {
    private static final Instant NOW = Instant.parse("2026-03-06T14:33:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final LeadJudge judge = new LeadJudge(QualityPolicy.defaults(), clock);

    /** A US insurance campaign: national phone numbers, consent proof required, address fields expected. */
    private static final QualityPolicy INSURANCE_US = QualityPolicy.builder()
            .defaultCountry("US")
            .consentRequired(true)
            .requiredFields(List.of("email", "phone", "zip"))
            .optionalFields(List.of("first_name", "last_name", "street", "city", "state", "dob", "ip_address"))
            .build();

    private static Verdict judgeBad(LeadJudge judge, int line) {
        return judge.judge(QualityFixtures.lead(QualityFixtures.badLines().get(line - 1), BUSINESS_HOURS));
    }

    // --- the good fixtures ---

    @Test
    void shouldAcceptHotWhenForexUkLeadIsClean() {
        Verdict v = judge.judge(QualityFixtures.fixture("forex-uk.json", BUSINESS_HOURS));
        assertThat(v.decision()).isEqualTo(Decision.ACCEPTED);
        assertThat(v.decision().status()).isEqualTo(LeadStatus.ACCEPTED);
        // 50 + 30 (GB) + 15 (experience) + 10 (Friday 14:32 UTC) = 105, clamped; 5000-10000 is not above 10,000
        assertThat(v.score().rawPoints()).isEqualTo(55);
        assertThat(v.score().value()).isEqualTo(100);
        assertThat(v.score().tier()).isEqualTo(Tier.HOT);
        assertThat(v.score().breakdown()).extracting(ScoreLine::rule)
                .containsExactly("geo_ip_mismatch", "tier1_country", "trading_experience", "business_hours");
        assertThat(v.reasons()).allMatch(f -> f.severity() == Severity.INFO);
        assertThat(v.reasonCodes()).containsExactly(ReasonCode.GEO_UNCHECKED);
        assertThat(v.fields()).containsEntry("phone_e164", "+442071234567")
                .containsEntry("phone_line_type", "fixed_line")
                .containsEntry("phone_region", "GB")
                .containsEntry("country_code", "GB")
                .containsEntry("email", "john.smith@example.com")
                .containsEntry("trading_experience", "beginner")
                .containsEntry("capital_available", "5000-10000")
                .containsEntry("lead_id", "FL-2026-001234");
        assertThat(v.judgedAt()).isEqualTo(NOW);
    }

    @Test
    void shouldAcceptHotWhenInsuranceUsLeadIsJudgedByItsCampaignPolicy() {
        Verdict v = judge.judge(QualityFixtures.fixture("insurance-us.json", BUSINESS_HOURS), INSURANCE_US);
        assertThat(v.decision()).isEqualTo(Decision.ACCEPTED);
        // 50 + 30 (US, the campaign's country) + 10 (business hours) = 90
        assertThat(v.score().value()).isEqualTo(90);
        assertThat(v.score().tier()).isEqualTo(Tier.HOT);
        assertThat(v.fields()).containsEntry("phone_e164", "+15125550147")
                .containsEntry("phone_line_type", "fixed_line_or_mobile")
                .containsEntry("country_code", "US")
                .containsEntry("first_name", "María-José")
                .containsEntry("last_name", "O'Neil");
        assertThat(v.reasonCodes()).containsExactly(ReasonCode.GEO_UNCHECKED);
    }

    @Test
    void shouldQuarantineWhenNationalPhoneHasNoCountryAndPolicyAssumesNone() {
        // Under the default policy nothing says the insurance lead is from the US, so its
        // national-format phone cannot be read: sales ops (or a campaign policy) must say where it is.
        Verdict v = judge.judge(QualityFixtures.fixture("insurance-us.json", BUSINESS_HOURS));
        assertThat(v.decision()).isEqualTo(Decision.QUARANTINED);
        assertThat(v.reasonCodes()).contains(ReasonCode.PHONE_INVALID);
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.PHONE_INVALID))
                .singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("phone_primary"));
    }

    // --- every line of bad-inputs.jsonl ---

    @Test
    void shouldReportEmailSyntaxWhenBad1EmailIsBroken() {
        Verdict v = judgeBad(judge, 1);
        assertThat(v.decision()).isEqualTo(Decision.QUARANTINED);
        assertThat(errorCodes(v)).containsExactly(ReasonCode.EMAIL_SYNTAX);
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.EMAIL_SYNTAX)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("'email'", "ann.lee@"));
        assertThat(v.fields()).containsEntry("phone_e164", "+442071234567");
        assertThat(v.score().breakdown()).extracting(ScoreLine::rule).contains("invalid_email");
    }

    @Test
    void shouldReportPhoneInvalidWhenBad2NumberIsUnassignable() {
        Verdict v = judgeBad(judge, 2);
        assertThat(v.decision()).isEqualTo(Decision.QUARANTINED);
        assertThat(errorCodes(v)).containsExactly(ReasonCode.PHONE_INVALID);
        assertThat(v.fields()).doesNotContainKey("phone_e164");
        assertThat(v.score().breakdown()).extracting(ScoreLine::rule).contains("unverifiable_phone");
    }

    @Test
    void shouldReportNameInvalidCharsWhenBad3NamesHoldDigitsAndMarkup() {
        Verdict v = judgeBad(judge, 3);
        assertThat(v.decision()).isEqualTo(Decision.QUARANTINED);
        assertThat(v.reasons()).filteredOn(f -> f.severity() == Severity.ERROR)
                .extracting(Finding::code, Finding::field).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ReasonCode.NAME_INVALID_CHARS, "first_name"),
                        org.assertj.core.groups.Tuple.tuple(ReasonCode.NAME_INVALID_CHARS, "last_name"));
    }

    @Test
    void shouldLeaveGeoUncheckedWhenBad4HasNoGeoIpDatabase() {
        // BAD-4's IP (41.58.0.1, Nigeria) is far from Germany, but only a geo-IP database can tell,
        // and that is a later increment: until then the judge says it did not check.
        Verdict v = judgeBad(judge, 4);
        assertThat(v.reasonCodes()).doesNotContain(ReasonCode.GEO_MISMATCH).contains(ReasonCode.GEO_UNCHECKED);
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.GEO_UNCHECKED)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(v.score().breakdown()).filteredOn(l -> l.rule().equals("geo_ip_mismatch"))
                .singleElement().satisfies(l -> assertThat(l.points()).isZero());
        // 50 + 30 (DE) + 10 (business hours) − 5 (no last_name) = 85
        assertThat(v.score().value()).isEqualTo(85);
        assertThat(v.decision()).isEqualTo(Decision.ACCEPTED);
    }

    @Test
    void shouldReportGeoMismatchWhenBad4IsCheckedByALocator() {
        GeoIpLocator fake = ip -> ip.equals("41.58.0.1") ? Optional.of("NG") : Optional.empty();
        LeadJudge withGeo = new LeadJudge(QualityPolicy.defaults(), clock, new EmailValidator(), Optional.of(fake));
        Verdict v = judgeBad(withGeo, 4);
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.GEO_MISMATCH)).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.message()).contains("'ip_address'", "NG", "DE");
                });
        assertThat(v.score().breakdown()).filteredOn(l -> l.rule().equals("geo_ip_mismatch"))
                .singleElement().satisfies(l -> assertThat(l.points()).isEqualTo(-20));
        assertThat(v.score().value()).isEqualTo(65);
    }

    @Test
    void shouldReportNotNumericWhenBad5CapitalIsWords() {
        Verdict v = judgeBad(judge, 5);
        assertThat(v.decision()).isEqualTo(Decision.QUARANTINED);
        assertThat(v.reasons()).filteredOn(f -> f.severity() == Severity.ERROR)
                .extracting(Finding::code, Finding::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ReasonCode.NUMBER_NOT_NUMERIC, "capital_available"));
        assertThat(v.fields()).containsEntry("capital_available", "lots");
    }

    @Test
    void shouldNeverReachTheJudgeWhenBad6LeadIdIsEmpty() {
        // BAD-6 is refused at intake (PayloadParserTest / IntakeHttpTest cover the 400); no Lead exists to judge.
        String line = QualityFixtures.badLines().get(5);
        assertThatThrownBy(() -> QualityFixtures.parse(line)).hasMessageStartingWith("missing_field");
    }

    @Test
    void shouldReportUnknownEnumValueWhenBad7ExperienceIsWizard() {
        Verdict v = judgeBad(judge, 7);
        assertThat(v.decision()).isEqualTo(Decision.QUARANTINED);
        assertThat(v.reasons()).filteredOn(f -> f.severity() == Severity.ERROR)
                .extracting(Finding::code, Finding::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ReasonCode.ENUM_UNKNOWN_VALUE, "trading_experience"));
        assertThat(v.score().breakdown()).extracting(ScoreLine::rule).doesNotContain("trading_experience");
    }

    // --- decisions ---

    @Test
    void shouldQuarantineAsUnreachableWhenNeitherEmailNorPhoneIsUsable() {
        Verdict v = judge.judge(QualityFixtures.fields(Map.of("lead_id", "T-1", "first_name", "Ann",
                "email", "ann@", "phone", "12", "country", "GB"), BUSINESS_HOURS));
        assertThat(v.decision()).isEqualTo(Decision.QUARANTINED);
        assertThat(v.reasonCodes()).contains(ReasonCode.EMAIL_SYNTAX, ReasonCode.PHONE_INVALID,
                ReasonCode.IDENTITY_UNREACHABLE);
        Verdict none = judge.judge(QualityFixtures.fields(Map.of("lead_id", "T-2"), BUSINESS_HOURS));
        assertThat(none.reasonCodes()).contains(ReasonCode.IDENTITY_UNREACHABLE);
        assertThat(none.decision()).isEqualTo(Decision.QUARANTINED);
    }

    @Test
    void shouldRejectWhenPolicyRejectsTheFindingsCode() {
        QualityPolicy strict = QualityPolicy.builder().rejectCodes(Set.of(ReasonCode.EMAIL_DISPOSABLE)).build();
        Lead lead = QualityFixtures.fields(Map.of("lead_id", "T-1", "email", "x@yopmail.com",
                "phone", "+442071234567", "country", "GB"), BUSINESS_HOURS);
        assertThat(judge.judge(lead, strict).decision()).isEqualTo(Decision.REJECTED);
        assertThat(judge.judge(lead, strict).decision().status()).isEqualTo(LeadStatus.REJECTED);
        assertThat(judge.judge(lead).decision()).isEqualTo(Decision.QUARANTINED);
    }

    @Test
    void shouldQuarantineWithScoreReasonWhenScoreIsInReviewTier() {
        Verdict v = judge.judge(QualityFixtures.fields(Map.of("lead_id", "T-1", "email", "a@example.com"),
                SUNDAY_NIGHT));
        // 50 − 5 × 4 (first_name, last_name, phone, country; no ip_address either) = 25
        assertThat(v.score().value()).isEqualTo(25);
        assertThat(v.decision()).isEqualTo(Decision.QUARANTINED);
        assertThat(v.reasonCodes()).containsExactly(ReasonCode.SCORE_REVIEW);
    }

    @Test
    void shouldReportRequiredFieldWhenCampaignNeedsItAndLeadLacksIt() {
        QualityPolicy p = QualityPolicy.builder().requiredFields(List.of("zip", "phone")).build();
        Verdict v = judge.judge(QualityFixtures.fields(Map.of("lead_id", "T-1", "email", "a@example.com",
                "phone_primary", "+442071234567", "country", "GB"), BUSINESS_HOURS), p);
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.FIELD_REQUIRED))
                .extracting(Finding::field).containsExactly("zip");
        assertThat(v.decision()).isEqualTo(Decision.QUARANTINED);
    }

    @Test
    void shouldQuarantineWhenCampaignRequiresConsentAndLeadHasNone() {
        Lead lead = QualityFixtures.fields(Map.of("lead_id", "T-1", "email", "a@example.com",
                "phone", "+15125550147", "zip", "78701"), BUSINESS_HOURS);
        Verdict v = judge.judge(lead, INSURANCE_US);
        assertThat(v.reasonCodes()).contains(ReasonCode.CONSENT_MISSING);
        assertThat(v.decision()).isEqualTo(Decision.QUARANTINED);
        QualityPolicy rejecting = INSURANCE_US.toBuilder().rejectCodes(Set.of(ReasonCode.CONSENT_MISSING)).build();
        assertThat(judge.judge(lead, rejecting).decision()).isEqualTo(Decision.REJECTED);
    }

    @Test
    void shouldQuarantineWhenInsuranceCertificateIsMalformed() {
        String json = QualityFixtures.resource("insurance-us.json")
                .replace("2f0c1e1e5b7a4d3c9a8b7c6d5e4f3a2b1c0d9e8f", "not-a-certificate");
        Verdict v = judge.judge(QualityFixtures.lead(json, BUSINESS_HOURS), INSURANCE_US);
        assertThat(v.decision()).isEqualTo(Decision.QUARANTINED);
        assertThat(v.reasons()).filteredOn(f -> f.severity() == Severity.ERROR)
                .extracting(Finding::code, Finding::field).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ReasonCode.CONSENT_MALFORMED, "trustedform_cert_url"));
    }

    @Test
    void shouldAcceptConsentWhenProvedByAnAliasField() {
        Lead lead = QualityFixtures.fields(Map.of("lead_id", "T-1", "email", "a@example.com", "phone", "+15125550147",
                "zip", "78701", "leadid_token", "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"), BUSINESS_HOURS);
        Verdict v = judge.judge(lead, INSURANCE_US);
        assertThat(v.reasonCodes()).doesNotContain(ReasonCode.CONSENT_MISSING, ReasonCode.CONSENT_MALFORMED);
    }

    @Test
    void shouldWarnButAcceptWhenPhoneIsFromAnotherCountry() {
        Verdict v = judge.judge(QualityFixtures.fields(Map.of("lead_id", "T-1", "first_name", "Ann", "last_name", "Lee",
                "email", "ann@example.com", "phone", "+4915112345678", "country", "United Kingdom",
                "ip_address", "81.2.69.142"), BUSINESS_HOURS));
        assertThat(v.reasonCodes()).contains(ReasonCode.PHONE_COUNTRY_MISMATCH);
        assertThat(v.decision()).isEqualTo(Decision.ACCEPTED);
        assertThat(v.fields()).containsEntry("phone_region", "DE").containsEntry("phone_line_type", "mobile");
    }

    @Test
    void shouldWarnWhenCountryIsUnknown() {
        Verdict v = judge.judge(QualityFixtures.fields(Map.of("lead_id", "T-1", "email", "a@example.com",
                "phone", "+442071234567", "country", "Atlantis"), BUSINESS_HOURS));
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.COUNTRY_UNKNOWN)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(v.fields()).doesNotContainKey("country_code");
    }

    @Test
    void shouldKeepRawValuesWhenFieldsAreNormalized() {
        Lead lead = QualityFixtures.fields(Map.of("lead_id", "T-1", "email", "Ann@Example.COM",
                "trading_experience", "Expert", "capital_available", "$50,000+", "phone", "+442071234567"),
                BUSINESS_HOURS);
        Verdict v = judge.judge(lead);
        assertThat(v.fields()).containsEntry("email", "Ann@example.com")
                .containsEntry("trading_experience", "expert")
                .containsEntry("capital_available", "50000+");
        assertThat(v.score().breakdown()).extracting(ScoreLine::rule).contains("high_capital", "trading_experience");
        assertThat(lead.fields()).containsEntry("email", "Ann@Example.COM");
    }

    private static List<String> errorCodes(Verdict v) {
        return v.reasons().stream().filter(f -> f.severity() == Severity.ERROR).map(Finding::code).toList();
    }
}
