package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {
    @Test
    void shouldCarryTheSeedRulesWhenScoringPolicyIsDefault() {
        ScoringPolicy p = ScoringPolicy.defaults();
        assertThat(p.base()).isEqualTo(50);
        assertThat(p.invalidEmailPoints()).isEqualTo(-25);
        assertThat(p.unverifiablePhonePoints()).isEqualTo(-15);
        assertThat(p.geoMismatchPoints()).isEqualTo(-20);
        assertThat(p.missingOptionalPoints()).isEqualTo(-5);
        assertThat(p.tier1CountryPoints()).isEqualTo(30);
        assertThat(p.highCapitalPoints()).isEqualTo(20);
        assertThat(p.highCapitalThreshold()).isEqualByComparingTo("10000");
        assertThat(p.tradingExperiencePoints()).isEqualTo(15);
        assertThat(p.businessHoursPoints()).isEqualTo(10);
        assertThat(p.tier1Countries()).contains("US", "GB", "CA", "AU", "DE");
        assertThat(p.hotThreshold()).isEqualTo(85);
        assertThat(p.standardThreshold()).isEqualTo(60);
    }

    @Test
    void shouldRoundTripWhenRebuiltFromToBuilder() {
        ScoringPolicy p = ScoringPolicy.builder().base(40).thresholds(90, 50).build();
        ScoringPolicy q = p.toBuilder().build();
        assertThat(q.base()).isEqualTo(40);
        assertThat(q.hotThreshold()).isEqualTo(90);
        QualityPolicy qp = QualityPolicy.builder().defaultCountry("US").consentRequired(true).build().toBuilder().build();
        assertThat(qp.defaultCountry()).hasValue("US");
        assertThat(qp.consentRequired()).isTrue();
    }

    @Test
    void shouldRefuseWhenScoringValuesAreOutOfRange() {
        assertThatThrownBy(() -> ScoringPolicy.builder().base(101).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base");
        assertThatThrownBy(() -> ScoringPolicy.builder().thresholds(60, 85).build())
                .hasMessageContaining("standard threshold");
        assertThatThrownBy(() -> ScoringPolicy.builder().invalidEmailPoints(25).build())
                .hasMessageContaining("penalty");
        assertThatThrownBy(() -> ScoringPolicy.builder().tier1CountryPoints(-1).build())
                .hasMessageContaining("bonus");
        assertThatThrownBy(() -> ScoringPolicy.builder().tier1Countries(Set.of("UK")).build())
                .hasMessageContaining("'UK'");
        assertThatThrownBy(() -> ScoringPolicy.builder().highCapitalThreshold(new BigDecimal("-1")).build())
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> ScoringPolicy.builder().businessHours(ZoneOffset.UTC, LocalTime.of(18, 0),
                LocalTime.of(9, 0), Set.of()).build()).hasMessageContaining("open before");
    }

    @Test
    void shouldCarryDocumentedDefaultsWhenQualityPolicyIsDefault() {
        QualityPolicy p = QualityPolicy.defaults();
        assertThat(p.requiredFields()).isEmpty();
        assertThat(p.rejectCodes()).isEmpty();
        assertThat(p.consentRequired()).isFalse();
        assertThat(p.defaultCountry()).isEmpty();
        assertThat(p.allowedValues().get("trading_experience"))
                .containsExactlyInAnyOrder("beginner", "intermediate", "advanced", "novice", "expert");
        assertThat(p.numericFields()).containsExactly("capital_available");
    }

    @Test
    void shouldLowerCaseAllowedValuesWhenConfigured() {
        QualityPolicy p = QualityPolicy.builder().allowedValues(Map.of("homeowner", Set.of("Yes", "NO"))).build();
        assertThat(p.allowedValues().get("homeowner")).containsExactlyInAnyOrder("yes", "no");
    }

    @Test
    void shouldRefuseWhenQualityPolicyIsInconsistent() {
        assertThatThrownBy(() -> QualityPolicy.builder().defaultCountry("USA").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'USA'");
        assertThatThrownBy(() -> QualityPolicy.builder().rejectCodes(Set.of("email.bad")).build())
                .hasMessageContaining("'email.bad'");
        assertThatThrownBy(() -> QualityPolicy.builder().phoneFields(List.of()).build())
                .hasMessageContaining("phone field");
        assertThatThrownBy(() -> QualityPolicy.builder().requiredFields(List.of(" ")).build())
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> QualityPolicy.builder().allowedValues(Map.of("x", Set.of())).build())
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> QualityPolicy.builder().allowedValues(Map.of("capital_available", Set.of("a"))).build())
                .hasMessageContaining("both");
        assertThatThrownBy(() -> QualityPolicy.builder().consentRequired(true).trustedFormFields(List.of())
                .jornayaFields(List.of()).build()).hasMessageContaining("consent");
    }
}
