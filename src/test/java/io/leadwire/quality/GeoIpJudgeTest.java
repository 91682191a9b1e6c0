package io.leadwire.quality;

import static io.leadwire.quality.QualityFixtures.BUSINESS_HOURS;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.CanonicalField;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The judge's geo-IP findings over a real .mmdb read by the real MaxMind reader. */
class GeoIpJudgeTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-06T14:33:00Z"), ZoneOffset.UTC);
    @TempDir
    Path dir;
    private GeoIpDatabase db;
    private LeadJudge judge;

    @BeforeEach
    void open() {
        db = GeoIpDatabase.open(GeoIpSettings.of(GeoIpTestDatabase.write(dir, 28)));
        judge = new LeadJudge(QualityPolicy.defaults(), clock, new EmailValidator(), db.locator());
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private static Lead lead(String country, String ip) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("lead_id", "G-1");
        f.put("first_name", "Mary");
        f.put("last_name", "Jones");
        f.put("email", "mary.jones@example.com");
        f.put("phone", country.equals("US") ? "+12025550143" : "+442071234567");
        f.put("country", country);
        f.put("ip_address", ip);
        f.put("trading_experience", "beginner");
        return new Lead(1, "0190-geo", "vendor-1", "G-1", BUSINESS_HOURS, LeadStatus.RECEIVED, "application/json",
                "{}", f, "127.0.0.1");
    }

    private static int geoPoints(Verdict v) {
        return v.score().breakdown().stream().filter(l -> l.rule().equals("geo_ip_mismatch"))
                .mapToInt(ScoreLine::points).sum();
    }

    @Test
    void shouldFindAGeoMismatchAndDeductTwentyWhenAUsLeadComesFromAGermanIp() {
        Verdict v = judge.judge(lead("US", GeoIpTestDatabase.DE_IP));
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.GEO_MISMATCH)).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.field()).isEqualTo(CanonicalField.IP_ADDRESS);
                    assertThat(f.message()).contains("located in DE").contains("country is US");
                });
        assertThat(geoPoints(v)).isEqualTo(ScoringPolicy.DEFAULT_GEO_MISMATCH_POINTS).isEqualTo(-20);
        Verdict same = judge.judge(lead("US", GeoIpTestDatabase.US_IP));
        assertThat(v.score().rawPoints()).isEqualTo(same.score().rawPoints() - 20);
    }

    @Test
    void shouldFindNothingAndScoreTheMatchWhenTheIpIsInTheStatedCountry() {
        Verdict v = judge.judge(lead("United Kingdom", GeoIpTestDatabase.GB_IP));
        assertThat(v.reasonCodes()).isEmpty();
        assertThat(v.score().breakdown()).extracting(ScoreLine::rule).doesNotContain("geo_ip_mismatch");
        assertThat(v.decision()).isEqualTo(Decision.ACCEPTED);
    }

    @Test
    void shouldReportAPrivateAddressAsSuchWithoutPenaltyWhenTheIpIsRfc1918() {
        Verdict v = judge.judge(lead("US", "192.168.1.20"));
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.GEO_PRIVATE_IP)).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.INFO);
                    assertThat(f.message()).contains("private").contains("192.168.0.0/16");
                });
        assertThat(v.reasonCodes()).doesNotContain(ReasonCode.GEO_MISMATCH);
        assertThat(geoPoints(v)).isZero();
        assertThat(judge.judge(lead("US", "100.64.3.4")).reasonCodes()).contains(ReasonCode.GEO_PRIVATE_IP);
        assertThat(judge.judge(lead("US", "fd00::1")).reasonCodes()).contains(ReasonCode.GEO_PRIVATE_IP);
    }

    @Test
    void shouldReportAReservedAddressWithoutPenaltyWhenTheIpIsADocumentationRange() {
        Verdict v = judge.judge(lead("US", "203.0.113.9"));
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.GEO_RESERVED_IP)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(geoPoints(v)).isZero();
    }

    @Test
    void shouldReportNotFoundWithoutPenaltyWhenThePublicIpIsNotInTheDatabase() {
        Verdict v = judge.judge(lead("US", GeoIpTestDatabase.UNKNOWN_IP));
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.GEO_NOT_FOUND)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(geoPoints(v)).isZero();
        assertThat(v.decision()).isEqualTo(Decision.ACCEPTED);
    }

    @Test
    void shouldWarnButNotQuarantineWhenTheIpAddressIsNotAnAddress() {
        Verdict v = judge.judge(lead("US", "not-an-ip"));
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.GEO_IP_INVALID)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("'not-an-ip'"));
        assertThat(v.decision()).isEqualTo(Decision.ACCEPTED);
    }

    @Test
    void shouldSayWhyTheIpWasUncheckedWhenTheConfiguredDatabaseIsMissing() {
        GeoIpDatabase missing = GeoIpDatabase.open(GeoIpSettings.of(dir.resolve("nowhere.mmdb")));
        LeadJudge blind = new LeadJudge(QualityPolicy.defaults(), clock, new EmailValidator(), missing.locator());
        Verdict v = blind.judge(lead("US", GeoIpTestDatabase.DE_IP));
        assertThat(v.reasons()).filteredOn(f -> f.code().equals(ReasonCode.GEO_UNCHECKED)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("nowhere.mmdb").contains("could not be opened"));
        assertThat(v.reasonCodes()).doesNotContain(ReasonCode.GEO_MISMATCH);
        assertThat(geoPoints(v)).isZero();
    }

    @Test
    void shouldKeepTheOldContractWhenALocatorOnlyImplementsCountryOf() {
        GeoIpLocator simple = ip -> ip.equals("41.58.0.1") ? Optional.of("NG") : Optional.empty();
        LeadJudge j = new LeadJudge(QualityPolicy.defaults(), clock, new EmailValidator(), Optional.of(simple));
        assertThat(j.judge(lead("US", "41.58.0.1")).reasonCodes()).contains(ReasonCode.GEO_MISMATCH);
        assertThat(j.judge(lead("US", "41.58.0.2")).reasonCodes()).contains(ReasonCode.GEO_NOT_FOUND);
    }
}
