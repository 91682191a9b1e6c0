package io.leadwire.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final CapLimits ALL = caps("{'month': 6000, 'hour': 50, 'week': 2000, 'day': 500}");

    private static CapLimits caps(String json) {
        return CapLimits.parse(node(json));
    }

    private static JsonNode node(String json) {
        try {
            return JSON.readTree(json.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void shouldStartPeriodsInBuyersZoneWhenLastSecondOfFebruary() {
        // 2024-03-01T04:59:59Z is Thursday 2024-02-29 23:59:59 EST.
        assertThat(ALL.windows(at("2024-03-01T04:59:59Z"), NEW_YORK)).containsExactly(
                new CapWindow("hour", at("2024-03-01T04:00:00Z"), 50),
                new CapWindow("day", at("2024-02-29T05:00:00Z"), 500),
                new CapWindow("week", at("2024-02-26T05:00:00Z"), 2000),
                new CapWindow("month", at("2024-02-01T05:00:00Z"), 6000));
    }

    @Test
    void shouldStartNewMonthButSameWeekWhenMarchBeginsOnFriday() {
        // 2024-03-01T05:00:00Z is Friday 2024-03-01 00:00 EST; the week began on Monday 26 February.
        assertThat(ALL.windows(at("2024-03-01T05:00:00Z"), NEW_YORK)).containsExactly(
                new CapWindow("hour", at("2024-03-01T05:00:00Z"), 50),
                new CapWindow("day", at("2024-03-01T05:00:00Z"), 500),
                new CapWindow("week", at("2024-02-26T05:00:00Z"), 2000),
                new CapWindow("month", at("2024-03-01T05:00:00Z"), 6000));
    }

    @Test
    void shouldStartWeekOnMondayWhenSundayNightFollowsSpringForward() {
        CapLimits week = caps("{'week': 2000}");
        // Sunday 2024-03-10 23:30 EDT: the week began Monday 4 March 00:00 EST.
        assertThat(week.windows(at("2024-03-11T03:30:00Z"), NEW_YORK))
                .containsExactly(new CapWindow("week", at("2024-03-04T05:00:00Z"), 2000));
        // Monday 2024-03-11 00:00 EDT: a new week, whose midnight is now at 04:00 UTC.
        assertThat(week.windows(at("2024-03-11T04:00:00Z"), NEW_YORK))
                .containsExactly(new CapWindow("week", at("2024-03-11T04:00:00Z"), 2000));
    }

    @Test
    void shouldStartMonthAtLocalMidnightWhenZoneIsAheadOfUtc() {
        // 2024-03-31T13:30:00Z is Monday 1 April 00:30 in Sydney (AEDT, UTC+11).
        ZoneId sydney = ZoneId.of("Australia/Sydney");
        assertThat(caps("{'month': 10, 'week': 5}").windows(at("2024-03-31T13:30:00Z"), sydney)).containsExactly(
                new CapWindow("week", at("2024-03-31T13:00:00Z"), 5),
                new CapWindow("month", at("2024-03-31T13:00:00Z"), 10));
        assertThat(caps("{'month': 10}").windows(at("2024-03-31T12:59:59Z"), sydney))
                .containsExactly(new CapWindow("month", at("2024-02-29T13:00:00Z"), 10));
    }

    @Test
    void shouldStartDayAtLocalMidnightWhenDayHas23Hours() {
        CapLimits day = caps("{'day': 500}");
        assertThat(day.windows(at("2024-03-11T03:59:59Z"), NEW_YORK))
                .containsExactly(new CapWindow("day", at("2024-03-10T05:00:00Z"), 500));
        assertThat(day.windows(at("2024-03-11T04:00:00Z"), NEW_YORK))
                .containsExactly(new CapWindow("day", at("2024-03-11T04:00:00Z"), 500));
    }

    @Test
    void shouldKeepRepeatedHourApartWhenClocksFallBack() {
        CapLimits hour = caps("{'hour': 50}");
        assertThat(hour.windows(at("2024-11-03T05:30:00Z"), NEW_YORK))
                .containsExactly(new CapWindow("hour", at("2024-11-03T05:00:00Z"), 50));
        assertThat(hour.windows(at("2024-11-03T06:30:00Z"), NEW_YORK))
                .containsExactly(new CapWindow("hour", at("2024-11-03T06:00:00Z"), 50));
    }

    @Test
    void shouldStartHourOnLocalHourWhenZoneHasHalfHourOffset() {
        // 10:45 UTC is 16:15 in Kolkata (UTC+5:30): the hour began 16:00 local, 10:30 UTC.
        assertThat(caps("{'hour': 5}").windows(at("2024-03-01T10:45:00Z"), ZoneId.of("Asia/Kolkata")))
                .containsExactly(new CapWindow("hour", at("2024-03-01T10:30:00Z"), 5));
    }

    @Test
    void shouldGiveNoWindowsWhenNothingIsCapped() {
        assertThat(CapLimits.parse(null).windows(at("2024-03-01T10:45:00Z"), NEW_YORK)).isEmpty();
        assertThat(CapLimits.parse(node("{}"))).isEqualTo(CapLimits.none());
    }

    @Test
    void shouldReadBackEqualCapsShortestFirstWhenWrittenAsJson() {
        assertThat(ALL.toJson(JSON).toString()).isEqualTo("{\"hour\":50,\"day\":500,\"week\":2000,\"month\":6000}");
        assertThat(CapLimits.parse(ALL.toJson(JSON))).isEqualTo(ALL);
        assertThat(caps("{'day': 0}").limit("day")).hasValue(0);
        assertThat(caps("{'day': 0}").limit("hour")).isEmpty();
        assertThat(CapLimits.of(Map.of("week", 7)).limits()).isEqualTo(Map.of("week", 7));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'daily': 5}|caps: unknown key \"daily\" (expected hour, day, week or month)",
        "{'day': -1}|caps.day: must be a whole number of leads, 0 or more, not -1",
        "{'day': 1.5}|caps.day: must be a whole number of leads, 0 or more, not 1.5",
        "{'day': '500'}|caps.day: must be a whole number of leads, 0 or more, not \"500\"",
        "{'month': 99999999999}|caps.month: must be a whole number of leads, 0 or more, not 99999999999",
        "[500]|caps must be an object such as {\"day\": 500, \"month\": 6000}"})
    void shouldNameKeyWhenCapsAreRefused(String json, String message) {
        assertThatThrownBy(() -> caps(json)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void shouldListPeriodsShortestFirst() {
        assertThat(CapLimits.PERIODS).isEqualTo(List.of("hour", "day", "week", "month"));
    }
}
