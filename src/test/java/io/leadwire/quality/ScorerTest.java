package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScorerTest {
    private static final Instant MONDAY_10 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant SATURDAY_10 = Instant.parse("2026-03-07T10:00:00Z");
    private final Scorer scorer = new Scorer(ScoringPolicy.defaults());

    /** Nothing for or against: usable email, no phone, geo matches, no country, at the weekend. */
    private static ScoreInputs neutral() {
        return new ScoreInputs(true, false, false, ScoreInputs.GeoCheck.MATCH, List.of(), null, null, false,
                SATURDAY_10);
    }

    @Test
    void shouldScoreTheBaseWhenNoRuleApplies() {
        Score s = scorer.score(neutral());
        assertThat(s.value()).isEqualTo(50).isEqualTo(s.base());
        assertThat(s.breakdown()).isEmpty();
        assertThat(s.tier()).isEqualTo(Tier.REVIEW);
    }

    @Test
    void shouldAddEveryBonusAndClampAt100WhenLeadIsPerfect() {
        Score s = scorer.score(new ScoreInputs(true, true, true, ScoreInputs.GeoCheck.MATCH, List.of(), "GB",
                new BigDecimal("50000"), true, MONDAY_10));
        assertThat(s.breakdown()).extracting(ScoreLine::rule, ScoreLine::points).containsExactly(
                org.assertj.core.groups.Tuple.tuple("tier1_country", 30),
                org.assertj.core.groups.Tuple.tuple("high_capital", 20),
                org.assertj.core.groups.Tuple.tuple("trading_experience", 15),
                org.assertj.core.groups.Tuple.tuple("business_hours", 10));
        assertThat(s.rawPoints()).isEqualTo(75);
        assertThat(s.value()).isEqualTo(100);
        assertThat(s.tier()).isEqualTo(Tier.HOT);
    }

    @Test
    void shouldSubtractEveryPenaltyAndClampAt0WhenLeadIsHopeless() {
        Score s = scorer.score(new ScoreInputs(false, true, false, ScoreInputs.GeoCheck.MISMATCH,
                List.of("first_name", "last_name", "country"), "NG", null, false, SATURDAY_10));
        assertThat(s.breakdown()).extracting(ScoreLine::rule, ScoreLine::points).containsExactly(
                org.assertj.core.groups.Tuple.tuple("invalid_email", -25),
                org.assertj.core.groups.Tuple.tuple("unverifiable_phone", -15),
                org.assertj.core.groups.Tuple.tuple("geo_ip_mismatch", -20),
                org.assertj.core.groups.Tuple.tuple("missing_optional_field", -5),
                org.assertj.core.groups.Tuple.tuple("missing_optional_field", -5),
                org.assertj.core.groups.Tuple.tuple("missing_optional_field", -5));
        assertThat(s.rawPoints()).isEqualTo(-75);
        assertThat(s.value()).isZero();
        assertThat(s.tier()).isEqualTo(Tier.REVIEW);
    }

    @Test
    void shouldNameTheMissingFieldWhenOptionalFieldIsAbsent() {
        Score s = scorer.score(new ScoreInputs(true, false, false, ScoreInputs.GeoCheck.MATCH, List.of("last_name"),
                null, null, false, SATURDAY_10));
        assertThat(s.breakdown()).singleElement().satisfies(l -> assertThat(l.reason()).contains("last_name"));
        assertThat(s.value()).isEqualTo(45);
    }

    @Test
    void shouldShowZeroPointLineWhenGeoIsUnchecked() {
        Score s = scorer.score(new ScoreInputs(true, false, false, ScoreInputs.GeoCheck.UNCHECKED, List.of(), null,
                null, false, SATURDAY_10));
        assertThat(s.breakdown()).singleElement().satisfies(l -> {
            assertThat(l.rule()).isEqualTo("geo_ip_mismatch");
            assertThat(l.points()).isZero();
            assertThat(l.reason()).startsWith("unchecked");
        });
    }

    @Test
    void shouldNotPenalizePhoneWhenPhoneIsAbsent() {
        assertThat(scorer.score(neutral()).breakdown()).noneMatch(l -> l.rule().equals("unverifiable_phone"));
    }

    @ParameterizedTest
    @CsvSource({"10000,false", "10000.01,true", "5000,false", "50000,true"})
    void shouldGiveCapitalBonusOnlyWhenLowerBoundIsAboveThreshold(String low, boolean bonus) {
        Score s = scorer.score(new ScoreInputs(true, false, false, ScoreInputs.GeoCheck.MATCH, List.of(), null,
                new BigDecimal(low), false, SATURDAY_10));
        assertThat(s.breakdown().stream().anyMatch(l -> l.rule().equals("high_capital"))).isEqualTo(bonus);
    }

    @ParameterizedTest
    @CsvSource({"2026-03-02T09:00:00Z,true", "2026-03-02T08:59:59Z,false", "2026-03-02T17:59:59Z,true",
            "2026-03-02T18:00:00Z,false", "2026-03-06T12:00:00Z,true", "2026-03-07T12:00:00Z,false",
            "2026-03-08T12:00:00Z,false"})
    void shouldGiveBusinessHoursBonusWhenArrivalIsWeekdayDaytimeUtc(String arrival, boolean bonus) {
        Score s = scorer.score(new ScoreInputs(true, false, false, ScoreInputs.GeoCheck.MATCH, List.of(), null, null,
                false, Instant.parse(arrival)));
        assertThat(s.breakdown().stream().anyMatch(l -> l.rule().equals("business_hours"))).isEqualTo(bonus);
    }

    @Test
    void shouldUseConfiguredZoneWhenBusinessHoursAreLocal() {
        Scorer ny = new Scorer(ScoringPolicy.builder().businessHours(ZoneId.of("America/New_York"), LocalTime.of(9, 0),
                LocalTime.of(17, 0), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)).build());
        Instant tenUtc = MONDAY_10; // 05:00 in New York
        Instant fifteenUtc = Instant.parse("2026-03-02T15:00:00Z"); // 10:00 in New York
        assertThat(ny.score(new ScoreInputs(true, false, false, ScoreInputs.GeoCheck.MATCH, List.of(), null, null,
                false, tenUtc)).value()).isEqualTo(50);
        assertThat(ny.score(new ScoreInputs(true, false, false, ScoreInputs.GeoCheck.MATCH, List.of(), null, null,
                false, fifteenUtc)).value()).isEqualTo(60);
    }

    @Test
    void shouldGiveTier1BonusOnlyWhenCountryIsInConfiguredSet() {
        ScoreInputs fr = new ScoreInputs(true, false, false, ScoreInputs.GeoCheck.MATCH, List.of(), "FR", null, false,
                SATURDAY_10);
        assertThat(scorer.score(fr).value()).isEqualTo(50);
        Scorer withFrance = new Scorer(ScoringPolicy.builder()
                .tier1Countries(java.util.Set.of("FR")).build());
        assertThat(withFrance.score(fr).value()).isEqualTo(80);
    }

    @ParameterizedTest
    @CsvSource({"100,HOT", "85,HOT", "84,STANDARD", "60,STANDARD", "59,REVIEW", "0,REVIEW"})
    void shouldPlaceInTierWhenScoreIsAtOrAboveThreshold(int base, Tier tier) {
        Scorer s = new Scorer(ScoringPolicy.builder().base(base).build());
        Score score = s.score(neutral());
        assertThat(score.value()).isEqualTo(base);
        assertThat(score.tier()).isEqualTo(tier);
    }

    @Test
    void shouldUseConfiguredThresholdsWhenSet() {
        ScoringPolicy p = ScoringPolicy.builder().thresholds(70, 40).build();
        assertThat(p.tierOf(70)).isEqualTo(Tier.HOT);
        assertThat(p.tierOf(69)).isEqualTo(Tier.STANDARD);
        assertThat(p.tierOf(40)).isEqualTo(Tier.STANDARD);
        assertThat(p.tierOf(39)).isEqualTo(Tier.REVIEW);
    }
}
