package io.leadwire.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuyerScheduleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final BuyerSchedule OFFICE = schedule("{'zone': 'America/New_York', "
            + "'days': ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], 'opens': '09:00', 'closes': '17:00'}");

    private static BuyerSchedule schedule(String json) {
        return BuyerSchedule.parse(node(json));
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
    void shouldSayWhyWhenOutsideOfficeHours() {
        // Saturday 2024-03-09 10:15 EST is 15:15 UTC.
        assertThat(OFFICE.whyClosed(at("2024-03-09T15:15:00Z")))
                .hasValue("closed: Saturday 10:15 America/New_York outside Mon–Fri 09:00–17:00");
        assertThat(OFFICE.isOpen(at("2024-03-08T15:15:00Z"))).isTrue();
    }

    @Test
    void shouldOpenAtNineLocalWhenStandardTime() {
        // Friday 2024-03-08, EST (UTC-5): 09:00 local is 14:00 UTC.
        assertThat(OFFICE.isOpen(at("2024-03-08T13:59:00Z"))).isFalse();
        assertThat(OFFICE.isOpen(at("2024-03-08T14:00:00Z"))).isTrue();
        assertThat(OFFICE.isOpen(at("2024-03-08T21:59:00Z"))).isTrue();
        assertThat(OFFICE.whyClosed(at("2024-03-08T22:00:00Z")))
                .hasValue("closed: Friday 17:00 America/New_York outside Mon–Fri 09:00–17:00");
    }

    @Test
    void shouldOpenAtNineLocalWhenDaylightTimeHasStarted() {
        // Monday 2024-03-11, the day after clocks went forward, EDT (UTC-4): 09:00 local is 13:00 UTC.
        assertThat(OFFICE.whyClosed(at("2024-03-11T12:59:00Z")))
                .hasValue("closed: Monday 08:59 America/New_York outside Mon–Fri 09:00–17:00");
        assertThat(OFFICE.isOpen(at("2024-03-11T13:00:00Z"))).isTrue();
        assertThat(OFFICE.isOpen(at("2024-03-11T20:59:00Z"))).isTrue();
        assertThat(OFFICE.isOpen(at("2024-03-11T21:00:00Z"))).isFalse();
    }

    @Test
    void shouldFollowWallClockWhenClocksSpringForwardInsideWindow() {
        // 2024-03-10: 02:00 EST jumps to 03:00 EDT; the window 02:00-04:00 is one real hour long.
        BuyerSchedule s = BuyerSchedule.of(NEW_YORK, List.of(BuyerSchedule.Window.daily(LocalTime.of(2, 0),
                LocalTime.of(4, 0))));
        assertThat(s.whyClosed(at("2024-03-10T06:59:00Z")))
                .hasValue("closed: Sunday 01:59 America/New_York outside every day 02:00–04:00");
        assertThat(s.isOpen(at("2024-03-10T07:00:00Z"))).as("03:00 EDT").isTrue();
        assertThat(s.isOpen(at("2024-03-10T07:59:00Z"))).as("03:59 EDT").isTrue();
        assertThat(s.isOpen(at("2024-03-10T08:00:00Z"))).as("04:00 EDT").isFalse();
    }

    @Test
    void shouldBeOpenBothTimesWhenClocksFallBackInsideWindow() {
        // 2024-11-03: 01:00-02:00 happens twice, first EDT (05:00Z) then EST (06:00Z).
        BuyerSchedule s = BuyerSchedule.of(NEW_YORK, List.of(BuyerSchedule.Window.daily(LocalTime.of(1, 0),
                LocalTime.of(2, 0))));
        assertThat(s.isOpen(at("2024-11-03T04:59:00Z"))).as("00:59 EDT").isFalse();
        assertThat(s.isOpen(at("2024-11-03T05:30:00Z"))).as("01:30 EDT").isTrue();
        assertThat(s.isOpen(at("2024-11-03T06:30:00Z"))).as("01:30 EST").isTrue();
        assertThat(s.isOpen(at("2024-11-03T07:00:00Z"))).as("02:00 EST").isFalse();
    }

    @Test
    void shouldRunIntoNextDayWhenWindowIsOvernight() {
        BuyerSchedule s = schedule("{'zone': 'America/New_York', 'days': ['FRI'], 'opens': '22:00', 'closes': '06:00'}");
        assertThat(s.isOpen(at("2024-03-09T02:59:00Z"))).as("Friday 21:59").isFalse();
        assertThat(s.isOpen(at("2024-03-09T03:00:00Z"))).as("Friday 22:00").isTrue();
        assertThat(s.isOpen(at("2024-03-09T05:00:00Z"))).as("Saturday 00:00").isTrue();
        assertThat(s.isOpen(at("2024-03-09T10:59:00Z"))).as("Saturday 05:59").isTrue();
        assertThat(s.whyClosed(at("2024-03-09T11:00:00Z")))
                .hasValue("closed: Saturday 06:00 America/New_York outside Fri 22:00–06:00 next day");
        assertThat(s.isOpen(at("2024-03-10T03:30:00Z"))).as("Saturday 22:30: the window opens on Fridays").isFalse();
        assertThat(s.isOpen(at("2024-03-08T04:00:00Z"))).as("Thursday 23:00").isFalse();
        assertThat(s.isOpen(at("2024-03-08T10:00:00Z"))).as("Friday 05:00, the night before belongs to Thursday")
                .isFalse();
    }

    @Test
    void shouldCloseAtSixLocalWhenOvernightWindowSpansSpringForward() {
        // Saturday 2024-03-09 22:00 EST (03:00Z) to Sunday 06:00 EDT (10:00Z): seven real hours.
        BuyerSchedule s = schedule("{'zone': 'America/New_York', 'days': ['saturday'], 'opens': '22:00', 'closes': '06:00'}");
        assertThat(s.isOpen(at("2024-03-10T02:59:00Z"))).isFalse();
        assertThat(s.isOpen(at("2024-03-10T03:00:00Z"))).isTrue();
        assertThat(s.isOpen(at("2024-03-10T09:59:00Z"))).isTrue();
        assertThat(s.isOpen(at("2024-03-10T10:00:00Z"))).isFalse();
    }

    @Test
    void shouldOpenInAnyWindowWhenSeveralAreGiven() {
        BuyerSchedule s = schedule("{'zone': 'Europe/London', 'windows': ["
                + "{'days': ['MON', 'TUE', 'WED', 'THU', 'FRI'], 'opens': '08:00', 'closes': '20:00'},"
                + "{'days': ['FRI', 'SAT'], 'opens': '22:00', 'closes': '06:00'}]}");
        assertThat(s.isOpen(at("2024-06-07T19:30:00Z"))).as("Friday 20:30 BST").isFalse();
        assertThat(s.isOpen(at("2024-06-07T21:30:00Z"))).as("Friday 22:30 BST").isTrue();
        assertThat(s.isOpen(at("2024-06-09T04:00:00Z"))).as("Sunday 05:00 BST, Saturday's night").isTrue();
        assertThat(s.whyClosed(at("2024-06-09T10:00:00Z"))).hasValue("closed: Sunday 11:00 Europe/London outside "
                + "Mon–Fri 08:00–20:00; Fri, Sat 22:00–06:00 next day");
    }

    @Test
    void shouldBeOpenAllDayWhenOpensAndClosesAreMidnight() {
        BuyerSchedule s = schedule("{'zone': 'UTC', 'days': ['SUN'], 'opens': '00:00', 'closes': '24:00'}");
        assertThat(s.isOpen(at("2024-03-10T00:00:00Z"))).isTrue();
        assertThat(s.isOpen(at("2024-03-10T23:59:59Z"))).isTrue();
        assertThat(s.whyClosed(at("2024-03-11T00:00:00Z")))
                .hasValue("closed: Monday 00:00 UTC outside Sun all day");
    }

    @Test
    void shouldCloseAtMidnightWhenClosesIs2400() {
        BuyerSchedule s = schedule("{'zone': 'UTC', 'days': ['MON', 'WED'], 'opens': '09:00', 'closes': '24:00'}");
        assertThat(s.isOpen(at("2024-03-11T23:59:00Z"))).isTrue();
        assertThat(s.whyClosed(at("2024-03-12T00:00:00Z")))
                .hasValue("closed: Tuesday 00:00 UTC outside Mon, Wed 09:00–24:00");
    }

    @Test
    void shouldBeOpenEveryDayWhenDaysAreLeftOut() {
        BuyerSchedule s = schedule("{'zone': 'America/New_York', 'opens': '09:00', 'closes': '17:00'}");
        assertThat(s.windows().get(0).days()).isEqualTo(EnumSet.allOf(DayOfWeek.class));
        assertThat(s.isOpen(at("2024-03-09T15:15:00Z"))).isTrue();
        assertThat(s.whyClosed(at("2024-03-09T23:00:00Z"))).hasValueSatisfying(why -> assertThat(why)
                .endsWith("outside every day 09:00–17:00"));
    }

    @Test
    void shouldAlwaysBeOpenWhenScheduleIsAbsentOrHasOnlyAZone() {
        assertThat(BuyerSchedule.parse(null)).isEqualTo(BuyerSchedule.always());
        assertThat(BuyerSchedule.parse(node("null")).isAlways()).isTrue();
        assertThat(BuyerSchedule.always().whyClosed(at("2024-03-09T15:15:00Z"))).isEmpty();
        BuyerSchedule zoned = schedule("{'zone': 'Asia/Kolkata'}");
        assertThat(zoned.isAlways()).isTrue();
        assertThat(zoned.zone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
    }

    @Test
    void shouldReadBackEqualScheduleWhenWrittenAsJson() {
        for (String json : List.of(
                "{'zone': 'America/New_York', 'days': ['Mon', 'tue', 'WEDNESDAY'], 'opens': '09:00', 'closes': '17:30'}",
                "{'zone': 'Europe/London', 'windows': [{'days': ['MON'], 'opens': '08:00', 'closes': '20:00'},"
                        + "{'days': ['FRI', 'SAT'], 'opens': '22:00', 'closes': '24:00'}]}",
                "{'zone': 'Asia/Kolkata'}")) {
            BuyerSchedule s = schedule(json);
            assertThat(BuyerSchedule.parse(s.toJson(JSON))).as(json).isEqualTo(s);
        }
        assertThat(OFFICE.toJson(JSON).toString()).isEqualTo("{\"zone\":\"America/New_York\",\"days\":[\"MONDAY\","
                + "\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\"],\"opens\":\"09:00\",\"closes\":\"17:00\"}");
        assertThat(BuyerSchedule.always().toJson(JSON).toString()).isEqualTo("{\"zone\":\"UTC\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'zone': 'America/New_York', 'open': '09:00'}|schedule: unknown key \"open\" (expected zone, days, opens, closes or windows)",
        "{'zone': 'Mars/Olympus', 'opens': '09:00', 'closes': '17:00'}|schedule.zone: 'Mars/Olympus' is not a time zone; use a region id such as \"America/New_York\"",
        "{'opens': '09:00', 'closes': '17:00'}|schedule.zone: required to read the hours in, a region id such as \"America/New_York\"",
        "{'zone': 'UTC', 'opens': '9am', 'closes': '17:00'}|schedule.opens: \"9am\" is not a time; write HH:mm such as \"09:00\"",
        "{'zone': 'UTC', 'opens': '24:00', 'closes': '17:00'}|schedule.opens: \"24:00\" is not a time; write HH:mm such as \"09:00\"",
        "{'zone': 'UTC', 'opens': '09:00', 'closes': '25:00'}|schedule.closes: \"25:00\" is not a time; write HH:mm such as \"09:00\" (or \"24:00\")",
        "{'zone': 'UTC', 'opens': '09:00'}|schedule: needs both \"opens\" and \"closes\" (HH:mm)",
        "{'zone': 'UTC', 'days': ['MON', 'Funday'], 'opens': '09:00', 'closes': '17:00'}|schedule.days[1]: \"Funday\" is not a day; use MONDAY … SUNDAY or MON … SUN",
        "{'zone': 'UTC', 'days': [], 'opens': '09:00', 'closes': '17:00'}|schedule.days: must be a non-empty list such as [\"MONDAY\", \"TUESDAY\"]",
        "{'zone': 'UTC', 'windows': []}|schedule.windows: must be a non-empty list of {\"days\": [...], \"opens\": \"HH:mm\", \"closes\": \"HH:mm\"}",
        "{'zone': 'UTC', 'days': ['MON'], 'windows': [{'opens': '09:00', 'closes': '17:00'}]}|schedule: give either \"windows\" or days/opens/closes, not both",
        "{'zone': 'UTC', 'windows': [{'opens': '09:00', 'closes': '17:00', 'zone': 'UTC'}]}|schedule.windows[0]: unknown key \"zone\" (expected days, opens or closes)",
        "{'zone': 'UTC', 'windows': [{'opens': '09:00', 'closes': '17:00'}, {'opens': '9', 'closes': '17:00'}]}|schedule.windows[1].opens: \"9\" is not a time; write HH:mm such as \"09:00\"",
        "['MONDAY']|schedule must be an object such as {\"zone\": \"America/New_York\", \"days\": [\"MONDAY\"], \"opens\": \"09:00\", \"closes\": \"17:00\"}"})
    void shouldNameKeyWhenScheduleIsRefused(String json, String message) {
        assertThatThrownBy(() -> schedule(json)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
