package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.store.InvalidSettingsException;
import io.leadwire.store.SettingsProblem;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class QualityPolicyCodecTest {
    private final QualityPolicyCodec codec = new QualityPolicyCodec();

    @Test
    void shouldReadBackTheDefaultsWhenTheyAreWritten() {
        QualityPolicy back = codec.read(codec.write(QualityPolicy.defaults()));

        assertSamePolicy(back, QualityPolicy.defaults());
        assertThat(codec.write(back)).isEqualTo(codec.write(QualityPolicy.defaults()));
    }

    @Test
    void shouldTakeDefaultsForKeysWhenTheDocumentLacksThem() {
        QualityPolicy p = codec.read("{\"scoring\":{\"thresholds\":{\"standard\":70}},"
                + "\"validation\":{\"default_country\":\"us\"}}");

        assertThat(p.scoring().standardThreshold()).isEqualTo(70);
        assertThat(p.scoring().hotThreshold()).isEqualTo(ScoringPolicy.DEFAULT_HOT_THRESHOLD);
        assertThat(p.scoring().invalidEmailPoints()).isEqualTo(-25);
        assertThat(p.defaultCountry()).contains("US");
        assertThat(p.allowedValues()).isEqualTo(QualityPolicy.defaults().allowedValues());
    }

    @Test
    void shouldNameEveryBadFieldWhenTheDocumentHasSeveralProblems() {
        String doc = "{\"scoring\":{\"base\":120,\"thresholds\":{\"hot\":60,\"standard\":75},"
                + "\"rules\":{\"invalid_email\":{\"points\":10},\"tier1_country\":{\"points\":\"lots\"},"
                + "\"made_up\":{\"points\":1}}},"
                + "\"validation\":{\"default_country\":\"Narnia\",\"reject_codes\":[\"email.bogus\"],"
                + "\"allowed_values\":{\"trading_experience\":[]},\"consent_required\":\"yes\"}}";

        assertThatThrownBy(() -> codec.read(doc))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(e.problems())
                        .extracting(SettingsProblem::field)
                        .contains("scoring.base", "scoring.thresholds.standard", "scoring.rules.invalid_email.points",
                                "scoring.rules.tier1_country.points", "scoring.rules.made_up",
                                "validation.default_country", "validation.reject_codes",
                                "validation.allowed_values.trading_experience", "validation.consent_required"))
                .hasMessageContaining("The standard threshold (75) must not be above the hot threshold (60)")
                .hasMessageContaining("'invalid_email' is a penalty: its points must be between -100 and 0, not 10");
    }

    @Test
    void shouldSayTheDocumentIsNotJsonWhenItIsBroken() {
        assertThatThrownBy(() -> codec.read("{\"scoring\": ["))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void shouldRefuseADocumentWhenANewerLayoutWroteIt() {
        assertThatThrownBy(() -> codec.read("{\"schema\": 99}"))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e ->
                        assertThat(e.problems()).extracting(SettingsProblem::field).containsExactly("schema"));
    }

    @Test
    void shouldLeaveOutADisabledRuleWhenScoring() {
        QualityPolicy p = codec.read("{\"scoring\":{\"rules\":{\"invalid_email\":{\"points\":-25,\"enabled\":false}}}}");
        Score s = new Scorer(p.scoring()).score(new ScoreInputs(false, true, true, ScoreInputs.GeoCheck.MATCH,
                List.of(), "GB", null, false, java.time.Instant.parse("2026-03-08T03:00:00Z")));

        assertThat(p.scoring().isEnabled("invalid_email")).isFalse();
        assertThat(s.breakdown()).extracting(ScoreLine::rule).doesNotContain("invalid_email");
        assertThat(s.value()).isEqualTo(80);
    }

    @Property(tries = 200)
    void shouldReadBackEveryValidPolicyWhenWrittenAndRead(@ForAll("policies") QualityPolicy policy) {
        QualityPolicy back = codec.read(codec.write(policy));

        assertSamePolicy(back, policy);
    }

    @Provide
    Arbitrary<QualityPolicy> policies() {
        Arbitrary<Integer> penalty = Arbitraries.integers().between(-100, 0);
        Arbitrary<Integer> bonus = Arbitraries.integers().between(0, 100);
        Arbitrary<List<Integer>> points = Combinators.combine(penalty, penalty, penalty, penalty, bonus, bonus, bonus,
                bonus).as(List::of);
        Arbitrary<int[]> tiers = Combinators.combine(Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 100), Arbitraries.integers().between(0, 100))
                .as((a, b, base) -> new int[] {Math.max(a, b), Math.min(a, b), base});
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1)
                .ofMaxLength(12);
        Arbitrary<Set<String>> disabled = Arbitraries.of(ScoringRule.values()).set().ofMaxSize(3)
                .map(s -> {
                    Set<String> out = new HashSet<>();
                    s.forEach(r -> out.add(r.id()));
                    return out;
                });
        Arbitrary<Set<String>> countries = Arbitraries.of("US", "GB", "DE", "FR", "JP", "BR", "ZA").set().ofMaxSize(5);
        Arbitrary<Map<String, Set<String>>> allowed = Arbitraries.maps(name.map(n -> "enum_" + n),
                name.set().ofMinSize(1).ofMaxSize(4)).ofMaxSize(3);
        Arbitrary<Set<String>> rejects = Arbitraries.of(ReasonCode.ALL).set().ofMaxSize(3);
        Arbitrary<BigDecimal> capital = Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.valueOf(1_000_000))
                .ofScale(2);
        Arbitrary<ScoringPolicy> scoring = Combinators.combine(points, tiers, disabled, countries, capital,
                Arbitraries.integers().between(0, 11)).as((p, t, off, c, cap, opens) -> {
                    ScoringPolicy.Builder b = ScoringPolicy.builder().base(t[2]).thresholds(t[0], t[1])
                            .disabledRules(off).tier1Countries(c).highCapitalThreshold(cap)
                            .businessHours(ZoneId.of("Europe/London"), LocalTime.of(opens, 30),
                                    LocalTime.of(opens + 8, 0), EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.SATURDAY));
                    ScoringRule[] rules = ScoringRule.values();
                    for (int i = 0; i < rules.length; i++) {
                        rules[i].setPoints(b, p.get(i));
                    }
                    return b.build();
                });
        return Combinators.combine(scoring, name.list().ofMaxSize(3), allowed, rejects, Arbitraries.of(true, false),
                Arbitraries.of("", "US", "DE"), name.list().ofMinSize(1).ofMaxSize(3).uniqueElements())
                .as((s, required, av, codes, consent, country, phones) -> {
                    QualityPolicy.Builder b = QualityPolicy.builder().scoring(s)
                            .requiredFields(required.stream().distinct().toList())
                            .allowedValues(av).rejectCodes(codes).consentRequired(consent).phoneFields(phones);
                    if (!country.isEmpty()) {
                        b.defaultCountry(country);
                    }
                    return b.build();
                });
    }

    static void assertSamePolicy(QualityPolicy actual, QualityPolicy expected) {
        assertThat(actual.requiredFields()).isEqualTo(expected.requiredFields());
        assertThat(actual.optionalFields()).isEqualTo(expected.optionalFields());
        assertThat(actual.phoneFields()).isEqualTo(expected.phoneFields());
        assertThat(actual.nameFields()).isEqualTo(expected.nameFields());
        assertThat(actual.allowedValues()).isEqualTo(expected.allowedValues());
        assertThat(actual.numericFields()).isEqualTo(expected.numericFields());
        assertThat(actual.consentRequired()).isEqualTo(expected.consentRequired());
        assertThat(actual.trustedFormFields()).isEqualTo(expected.trustedFormFields());
        assertThat(actual.jornayaFields()).isEqualTo(expected.jornayaFields());
        assertThat(actual.defaultCountry()).isEqualTo(expected.defaultCountry());
        assertThat(actual.rejectCodes()).isEqualTo(expected.rejectCodes());
        ScoringPolicy a = actual.scoring();
        ScoringPolicy e = expected.scoring();
        assertThat(a.base()).isEqualTo(e.base());
        assertThat(a.hotThreshold()).isEqualTo(e.hotThreshold());
        assertThat(a.standardThreshold()).isEqualTo(e.standardThreshold());
        for (ScoringRule r : ScoringRule.values()) {
            assertThat(r.points(a)).as(r.id()).isEqualTo(r.points(e));
        }
        assertThat(a.disabledRules()).isEqualTo(e.disabledRules());
        assertThat(a.highCapitalThreshold()).isEqualByComparingTo(e.highCapitalThreshold());
        assertThat(a.tier1Countries()).isEqualTo(e.tier1Countries());
        assertThat(a.businessZone()).isEqualTo(e.businessZone());
        assertThat(a.businessOpens()).isEqualTo(e.businessOpens());
        assertThat(a.businessCloses()).isEqualTo(e.businessCloses());
        assertThat(a.businessDays()).isEqualTo(e.businessDays());
    }
}
