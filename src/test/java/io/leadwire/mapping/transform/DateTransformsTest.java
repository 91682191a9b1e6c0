package io.leadwire.mapping.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.mapping.TestLeads;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DateTransformsTest {

    private static TransformResult run(Transform transform, String value) {
        return Transforms.run(transform, value, Map.of(), TestLeads.CLOCK);
    }

    @Test
    void shouldFormatAsPatternWhenInputIsIsoDate() {
        assertThat(run(DateTransforms.date(null, "MM/dd/yyyy", null, null), "1984-03-15").value()).isEqualTo("03/15/1984");
    }

    @Test
    void shouldParseCustomPatternWhenFromIsGiven() {
        assertThat(run(DateTransforms.date("MM/dd/yyyy", "yyyy-MM-dd", null, null), "03/15/1984").value())
                .isEqualTo("1984-03-15");
        assertThat(run(DateTransforms.date("dd.MM.yyyy HH:mm", "iso", "Europe/Berlin", null), "02.11.2026 16:15").value())
                .isEqualTo("2026-11-02T16:15:00+01:00");
    }

    @Test
    void shouldKeepOffsetWhenNoTargetZoneIsGiven() {
        assertThat(run(DateTransforms.date(null, "yyyy-MM-dd HH:mm xxx", null, null), "2026-11-02T09:15:00-06:00").value())
                .isEqualTo("2026-11-02 09:15 -06:00");
    }

    @Test
    void shouldConvertZoneWhenTargetZoneIsGiven() {
        assertThat(run(DateTransforms.date(null, "yyyy-MM-dd HH:mm", null, "UTC"), "2026-11-02T09:15:00-06:00").value())
                .isEqualTo("2026-11-02 15:15");
        assertThat(run(DateTransforms.date(null, "HH:mm", null, "America/New_York"), "2026-11-02T09:15:00-06:00").value())
                .isEqualTo("10:15");
    }

    @Test
    void shouldReadLocalTimeInFromZoneWhenInputHasNoOffset() {
        assertThat(run(DateTransforms.date(null, DateTransforms.EPOCH_SECONDS, "America/Chicago", null),
                "2026-11-02T09:15:00").value()).isEqualTo(Long.toString(Instant.parse("2026-11-02T15:15:00Z").getEpochSecond()));
    }

    @Test
    void shouldWriteUnixSecondsAndMillisWhenAsked() {
        assertThat(run(DateTransforms.date(null, DateTransforms.EPOCH_SECONDS, null, null), "1970-01-02").value())
                .isEqualTo("86400");
        assertThat(run(DateTransforms.date(null, DateTransforms.EPOCH_MILLIS, null, null), "2026-11-02T09:15:00Z").value())
                .isEqualTo(Long.toString(Instant.parse("2026-11-02T09:15:00Z").toEpochMilli()));
    }

    @Test
    void shouldReadUnixSecondsWhenFromIsEpoch() {
        assertThat(run(DateTransforms.date(DateTransforms.EPOCH_SECONDS, "yyyy-MM-dd'T'HH:mm", null, null), "86460").value())
                .isEqualTo("1970-01-02T00:01");
    }

    @Test
    void shouldFailWithFieldErrorWhenDateIsInvalid() {
        TransformResult result = run(DateTransforms.date(null, "MM/dd/yyyy", null, null), "1984-02-30");
        assertThat(result.value()).isNull();
        assertThat(result.errors()).containsExactly("'1984-02-30' is not a date in the form 'iso'");
        assertThat(run(DateTransforms.date("MM/dd/yyyy", null, null, null), "yesterday").errors())
                .containsExactly("'yesterday' is not a date in the form 'MM/dd/yyyy'");
    }

    @Test
    void shouldRejectMappingWhenPatternOrZoneIsInvalid() {
        assertThatThrownBy(() -> DateTransforms.date(null, "MM/dd/yyyyq{", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DateTransforms.date(null, null, null, "Mars/Olympus"))
                .isInstanceOf(DateTimeException.class);
    }

    @Test
    void shouldComputeWholeYearsWhenGivenDateOfBirth() {
        assertThat(run(DateTransforms.age(null, null), "1984-03-15").value()).isEqualTo("42");
        assertThat(run(DateTransforms.age(null, null), "1984-11-25").value()).isEqualTo("42");
        assertThat(run(DateTransforms.age(null, null), "1984-11-26").value()).isEqualTo("41");
        assertThat(run(DateTransforms.age("MM/dd/yyyy", null), "03/15/1984").value()).isEqualTo("42");
    }

    @Test
    void shouldUseInjectedClockWhenComputingAge() {
        Clock earlier = Clock.fixed(Instant.parse("2000-03-14T12:00:00Z"), ZoneOffset.UTC);
        assertThat(Transforms.run(DateTransforms.age(null, null), "1984-03-15", Map.of(), earlier).value()).isEqualTo("15");
    }

    @Test
    void shouldFailWhenDateOfBirthIsInFuture() {
        assertThat(run(DateTransforms.age(null, null), "2030-01-01").errors())
                .containsExactly("date of birth '2030-01-01' is in the future");
    }

    @Property
    void shouldYieldSameInstantWhenFormattedThenParsed(
            @ForAll @LongRange(min = -2_000_000_000_000L, max = 4_000_000_000_000L) long millis) {
        String iso = Instant.ofEpochMilli(millis).toString();
        String pattern = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
        String formatted = run(DateTransforms.date(null, pattern, null, "Asia/Kolkata"), iso).value();
        String back = run(DateTransforms.date(pattern, DateTransforms.EPOCH_MILLIS, null, null), formatted).value();
        assertThat(back).isEqualTo(Long.toString(millis));
    }

    @Property
    void shouldYieldSameInstantWhenWrittenAsEpochSecondsAndRead(
            @ForAll @LongRange(min = -2_000_000_000L, max = 4_000_000_000L) long seconds) {
        String iso = run(DateTransforms.date(DateTransforms.EPOCH_SECONDS, DateTransforms.ISO, null, "America/Chicago"),
                Long.toString(seconds)).value();
        assertThat(run(DateTransforms.date(null, DateTransforms.EPOCH_SECONDS, null, null), iso).value())
                .isEqualTo(Long.toString(seconds));
    }

    @Property
    void shouldYieldSameDateWhenIsoDateGoesThroughPatternAndBack(
            @ForAll @LongRange(min = -200_000, max = 200_000) long epochDay,
            @ForAll("datePatterns") String pattern) {
        String iso = LocalDate.ofEpochDay(epochDay).toString();
        String formatted = run(DateTransforms.date(null, pattern, null, null), iso).value();
        assertThat(run(DateTransforms.date(pattern, "yyyy-MM-dd", null, null), formatted).value()).isEqualTo(iso);
    }

    @Property
    void shouldYieldSameInstantWhenConvertedBetweenZones(
            @ForAll @LongRange(min = -2_000_000_000_000L, max = 4_000_000_000_000L) long millis,
            @ForAll("zones") String from, @ForAll("zones") String to) {
        String inFrom = run(DateTransforms.date(DateTransforms.EPOCH_MILLIS, "yyyy-MM-dd'T'HH:mm:ss.SSSxxxxx", null, from),
                Long.toString(millis)).value();
        String inTo = run(DateTransforms.date("yyyy-MM-dd'T'HH:mm:ss.SSSxxxxx", DateTransforms.ISO, null, to), inFrom)
                .value();
        assertThat(run(DateTransforms.date(null, DateTransforms.EPOCH_MILLIS, null, null), inTo).value())
                .isEqualTo(Long.toString(millis));
        assertThat(run(DateTransforms.date(null, DateTransforms.EPOCH_SECONDS, null, null), inTo).value())
                .isEqualTo(Long.toString(Math.floorDiv(millis, 1000L)));
    }

    @Provide
    Arbitrary<String> datePatterns() {
        return Arbitraries.of("MM/dd/yyyy", "dd.MM.uuuu", "uuuuMMdd", "d MMM uuuu", "EEE, MMM d, uuuu");
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("UTC", "America/New_York", "America/Chicago", "Europe/London", "Europe/Berlin",
                "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns");
    }
}
