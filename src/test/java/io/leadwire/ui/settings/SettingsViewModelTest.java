package io.leadwire.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.quality.QualityPolicy;
import io.leadwire.quality.QualityPolicyForm;
import io.leadwire.quality.QualitySettings;
import io.leadwire.quality.ScoringPolicy;
import io.leadwire.quality.ScoringRule;
import io.leadwire.ui.CurrentThreadUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.QueuedUiExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsViewModelTest {
    private static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");

    @TempDir
    Path dir;
    private InMemoryConsole console;
    private SettingsViewModel vm;
    private QualitySettingsEditor quality;

    @BeforeEach
    void setUp() {
        console = new InMemoryConsole(Clock.fixed(NOW, ZoneOffset.UTC), dir.resolve("console.properties"));
        vm = new SettingsViewModel(console.services, new CurrentThreadUiExecutor(), "alice");
        quality = vm.quality();
    }

    @AfterEach
    void tearDown() {
        console.close();
    }

    @Test
    void shouldShowTheShippedDefaultsWhenNothingWasSaved() {
        assertThat(vm.sections()).containsExactly(SettingsSection.SCORING, SettingsSection.VALIDATION);
        assertThat(vm.getSavedInfo()).isEqualTo("Shipped defaults: not changed yet");
        assertThat(quality.rules()).hasSize(ScoringRule.values().length);
        assertThat(quality.rule(ScoringRule.INVALID_EMAIL).getPoints()).isEqualTo(-25);
        assertThat(quality.hotThresholdProperty().get()).isEqualTo(85);
        assertThat(quality.standardThresholdProperty().get()).isEqualTo(60);
        assertThat(quality.enumFields()).extracting(EnumFieldRow::field).containsExactly("trading_experience");
        assertThat(vm.isDirty()).isFalse();
        assertThat(vm.isCanSave()).isFalse();
        assertThat(quality.getPreview()).contains("now scores 95 (hot)").contains("without a usable email, 70 (standard)");
    }

    @Test
    void shouldSaveAndSayWhoSavedWhenARulesPointsAreChanged() {
        quality.rule(ScoringRule.INVALID_EMAIL).setPoints(-40);

        assertThat(vm.isDirty()).isTrue();
        assertThat(quality.getPreview()).contains("without a usable email, 55 (review: quarantined)");
        vm.save();

        assertThat(vm.getErrorMessage()).isEmpty();
        assertThat(vm.getMessage()).startsWith("Saved.");
        assertThat(console.qualitySettings.current().scoring().invalidEmailPoints()).isEqualTo(-40);
        assertThat(vm.getSavedInfo()).isEqualTo("Saved by alice at 25 Nov 2026 15:00 (version 1)");
        assertThat(vm.isDirty()).isFalse();
        assertThat(console.settings.history(QualitySettings.NAME, 5)).singleElement()
                .satisfies(c -> assertThat(c.changedBy()).isEqualTo("alice"));
    }

    @Test
    void shouldMarkTheStandardThresholdAndRefuseToSaveWhenItIsAboveHot() {
        quality.standardThresholdProperty().set(90);

        assertThat(quality.errorFor(QualityPolicyForm.STANDARD).get())
                .isEqualTo("The standard threshold (90) must not be above the hot threshold (85).");
        assertThat(quality.isValid()).isFalse();
        assertThat(vm.isCanSave()).isFalse();
        assertThat(quality.getPreview()).isEmpty();
        vm.save();
        assertThat(vm.getErrorMessage()).contains("Fix the marked fields");
        assertThat(console.qualitySettings.snapshot().isDefault()).isTrue();

        quality.hotThresholdProperty().set(95);
        assertThat(quality.errorFor(QualityPolicyForm.STANDARD).get()).isEmpty();
        assertThat(vm.isCanSave()).isTrue();
    }

    @Test
    void shouldMarkTheFieldWhenTheDefaultCountryOrAllowedValuesAreWrong() {
        quality.defaultCountryProperty().set("Narnia");
        quality.addEnumField("investment_goal");

        assertThat(quality.errorFor(QualityPolicyForm.DEFAULT_COUNTRY).get()).contains("'NARNIA' is not an ISO");
        assertThat(quality.selectedEnumFieldProperty().get().getError()).contains("needs at least one allowed value");
        assertThat(quality.errorFor(QualityPolicyForm.ALLOWED_VALUES).get()).contains("investment_goal");

        quality.defaultCountryProperty().set("us");
        quality.addAllowedValue(" Growth ");
        assertThat(quality.isValid()).isTrue();
        vm.save();

        QualityPolicy saved = console.qualitySettings.current();
        assertThat(saved.defaultCountry()).contains("US");
        assertThat(saved.allowedValues()).containsEntry("investment_goal", java.util.Set.of("growth"));
    }

    @Test
    void shouldCheckAndSaveWhatTheRulesLookAtWhenEdited() {
        assertThat(quality.highCapitalThresholdProperty().get()).isEqualTo("10000");
        assertThat(quality.businessDaysProperty().get()).isEqualTo("Mon–Fri");

        quality.highCapitalThresholdProperty().set("lots");
        quality.tier1CountriesProperty().set("us, gb, XX");
        quality.businessOpensProperty().set("19:00");

        assertThat(quality.errorFor(QualityPolicyForm.HIGH_CAPITAL_THRESHOLD).get()).contains("must be a number");
        assertThat(quality.errorFor(QualityPolicyForm.TIER1_COUNTRIES).get()).contains("'XX' is not an ISO");
        assertThat(quality.businessHoursErrorProperty().get()).contains("must close (18:00) after they open (19:00)");
        assertThat(vm.isCanSave()).isFalse();

        quality.highCapitalThresholdProperty().set("25000");
        quality.tier1CountriesProperty().set("us, gb");
        quality.businessOpensProperty().set("08:30");
        quality.businessZoneProperty().set("America/New_York");
        vm.save();

        ScoringPolicy saved = console.qualitySettings.current().scoring();
        assertThat(saved.highCapitalThreshold()).isEqualByComparingTo("25000");
        assertThat(saved.tier1Countries()).containsExactlyInAnyOrder("US", "GB");
        assertThat(saved.businessOpens()).hasToString("08:30");
        assertThat(saved.businessZone()).hasToString("America/New_York");
        assertThat(quality.tier1CountriesProperty().get()).isEqualTo("GB, US");
        assertThat(vm.isDirty()).isFalse();
    }

    @Test
    void shouldSaveRequiredFieldsConsentAndDisabledRulesWhenEdited() {
        quality.addRequiredField("zip");
        quality.addRequiredField("zip");
        quality.consentRequiredProperty().set(true);
        quality.rule(ScoringRule.BUSINESS_HOURS).setEnabled(false);

        vm.save();

        QualityPolicy saved = console.qualitySettings.current();
        assertThat(saved.requiredFields()).containsExactly("zip");
        assertThat(saved.consentRequired()).isTrue();
        assertThat(saved.scoring().isEnabled("business_hours")).isFalse();
    }

    @Test
    void shouldGoBackToTheSettingsInForceWhenReverted() {
        quality.rule(ScoringRule.TIER1_COUNTRY).setPoints(10);
        quality.requiredFields().add("zip");

        vm.revert();

        assertThat(quality.rule(ScoringRule.TIER1_COUNTRY).getPoints()).isEqualTo(30);
        assertThat(quality.requiredFields()).isEmpty();
        assertThat(vm.isDirty()).isFalse();
    }

    @Test
    void shouldFillTheDefaultsWithoutSavingWhenResetToDefaults() {
        console.qualitySettings.update(QualityPolicy.builder()
                .scoring(ScoringPolicy.builder().thresholds(90, 70).build()).build(), "bob");
        vm.tick();
        assertThat(quality.standardThresholdProperty().get()).isEqualTo(70);

        vm.resetToDefaults();

        assertThat(quality.standardThresholdProperty().get()).isEqualTo(60);
        assertThat(vm.isDirty()).isTrue();
        assertThat(vm.getMessage()).contains("Save to apply them");
        assertThat(console.qualitySettings.current().scoring().standardThreshold()).isEqualTo(70);
    }

    @Test
    void shouldShowAChangeSavedElsewhereWhenNothingIsBeingEdited() {
        console.qualitySettings.update(QualityPolicy.builder().requiredFields(List.of("email")).build(), "bob");

        vm.tick();

        assertThat(quality.requiredFields()).containsExactly("email");
        assertThat(vm.getSavedInfo()).startsWith("Saved by bob");
        assertThat(vm.getMessage()).contains("saved by bob");
    }

    @Test
    void shouldKeepTheDraftAndRefuseToOverwriteWhenSomeoneSavedWhileEditing() {
        quality.rule(ScoringRule.HIGH_CAPITAL).setPoints(25);
        console.qualitySettings.update(QualityPolicy.builder().requiredFields(List.of("email")).build(), "bob");

        vm.tick();
        assertThat(vm.getMessage()).contains("bob saved newer quality settings");
        assertThat(quality.rule(ScoringRule.HIGH_CAPITAL).getPoints()).isEqualTo(25);
        vm.save();

        assertThat(vm.getErrorMessage()).startsWith("bob saved these settings at 25 Nov 2026 15:00")
                .contains("Revert to load theirs");
        assertThat(console.qualitySettings.current().scoring().highCapitalPoints()).isEqualTo(20);
    }

    @Test
    void shouldNotSaveTwiceWhenSaveIsPressedAgainWhileSaving() {
        QueuedUiExecutor executor = new QueuedUiExecutor();
        SettingsViewModel slow = new SettingsViewModel(console.services, executor, "alice");
        slow.quality().rule(ScoringRule.HIGH_CAPITAL).setPoints(25);

        slow.save();
        slow.save();
        executor.runAll();

        assertThat(console.settings.history(QualitySettings.NAME, 5)).hasSize(1);
        assertThat(slow.getErrorMessage()).isEmpty();
    }
}
