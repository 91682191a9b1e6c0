package io.leadwire.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * When a buyer takes leads: opening hours on wall-clock time in the buyer's own zone, so
 * "09:00–17:00 America/New_York" stays 09:00–17:00 across daylight-saving changes.
 *
 * <pre>{@code
 * "schedule": {"zone": "America/New_York", "days": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"],
 *              "opens": "09:00", "closes": "17:00"}
 *
 * "schedule": {"zone": "Europe/London", "windows": [
 *     {"days": ["MON", "TUE", "WED", "THU", "FRI"], "opens": "08:00", "closes": "20:00"},
 *     {"days": ["FRI", "SAT"], "opens": "22:00", "closes": "06:00"}]}
 * }</pre>
 *
 * <p>Days are full English names or three-letter abbreviations in any case; left out, a window
 * is open every day. Times are {@code HH:mm}; {@code closes} may be {@code 24:00}. A window whose
 * {@code closes} is not after {@code opens} runs overnight into the next day, and {@code days}
 * names the day it opens on: Friday 22:00–06:00 covers Friday night until Saturday 06:00.
 * Equal times (00:00–24:00) mean 24 hours. An absent schedule, or one with only a zone, is
 * always open. Immutable and thread-safe.
 */
public final class BuyerSchedule {
    private static final Set<String> KEYS = Set.of("zone", "days", "opens", "closes", "windows");
    private static final Set<String> WINDOW_KEYS = Set.of("days", "opens", "closes");
    private static final Pattern TIME = Pattern.compile("(?:[01]\\d|2[0-3]):[0-5]\\d|24:00");
    private static final BuyerSchedule ALWAYS = new BuyerSchedule(ZoneId.of("UTC"), List.of());

    private final ZoneId zone;
    private final List<Window> windows;

    private BuyerSchedule(ZoneId zone, List<Window> windows) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.windows = List.copyOf(windows);
    }

    /**
     * One opening window.
     *
     * @param days   the days it opens on
     * @param opens  the local time it opens
     * @param closes the local time it closes; not after {@code opens} means on the next day
     */
    public record Window(Set<DayOfWeek> days, LocalTime opens, LocalTime closes) {
        public Window {
            if (days.isEmpty()) {
                throw new IllegalArgumentException("a window needs at least one day");
            }
            days = Set.copyOf(EnumSet.copyOf(days));
            Objects.requireNonNull(opens, "opens");
            Objects.requireNonNull(closes, "closes");
        }

        /** A window on every day of the week. */
        public static Window daily(LocalTime opens, LocalTime closes) {
            return new Window(EnumSet.allOf(DayOfWeek.class), opens, closes);
        }

        /** Whether it runs past midnight (or round the clock) rather than closing the same day. */
        public boolean overnight() {
            return !closes.isAfter(opens) && !closes.equals(LocalTime.MIDNIGHT);
        }

        /** Whether the window is open at a wall-clock moment. */
        boolean covers(LocalDateTime local) {
            DayOfWeek today = local.getDayOfWeek();
            LocalTime t = local.toLocalTime();
            if (opens.isBefore(closes)) {
                return days.contains(today) && !t.isBefore(opens) && t.isBefore(closes);
            }
            return days.contains(today) && !t.isBefore(opens)
                    || days.contains(today.minus(1)) && t.isBefore(closes);
        }

        /** {@code Mon–Fri 09:00–17:00}, {@code Fri, Sat 22:00–06:00 next day}. */
        String describe() {
            String hours = opens.equals(closes) && opens.equals(LocalTime.MIDNIGHT) ? "all day"
                    : time(opens) + "–" + closesText(closes) + (overnight() ? " next day" : "");
            return describe(days) + " " + hours;
        }

        private static String describe(Set<DayOfWeek> days) {
            if (days.size() == 7) {
                return "every day";
            }
            List<String> parts = new ArrayList<>();
            DayOfWeek[] all = DayOfWeek.values();
            int i = 0;
            while (i < all.length) {
                if (!days.contains(all[i])) {
                    i++;
                    continue;
                }
                int j = i;
                while (j + 1 < all.length && days.contains(all[j + 1])) {
                    j++;
                }
                if (j - i >= 2) {
                    parts.add(shortName(all[i]) + "–" + shortName(all[j]));
                } else {
                    for (int k = i; k <= j; k++) {
                        parts.add(shortName(all[k]));
                    }
                }
                i = j + 1;
            }
            return String.join(", ", parts);
        }
    }

    /** Always open, with UTC as its zone. */
    public static BuyerSchedule always() {
        return ALWAYS;
    }

    /** Always open; {@code zone} is still the buyer's zone, e.g. for its cap periods. */
    public static BuyerSchedule always(ZoneId zone) {
        return new BuyerSchedule(zone, List.of());
    }

    /** Open during any of the windows, read in {@code zone}; no windows means always open. */
    public static BuyerSchedule of(ZoneId zone, List<Window> windows) {
        return new BuyerSchedule(zone, windows);
    }

    /**
     * Reads a buyer's {@code schedule} block.
     *
     * @param node the block; null, JSON null or a missing node mean always open
     * @throws IllegalArgumentException naming the key at fault ({@code schedule.windows[1].opens: ...})
     */
    public static BuyerSchedule parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return ALWAYS;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("schedule must be an object such as {\"zone\": \"America/New_York\", "
                    + "\"days\": [\"MONDAY\"], \"opens\": \"09:00\", \"closes\": \"17:00\"}");
        }
        unknownKeys(node, KEYS, "schedule", "zone, days, opens, closes or windows");
        boolean flat = node.has("days") || node.has("opens") || node.has("closes");
        if (flat && node.has("windows")) {
            throw new IllegalArgumentException("schedule: give either \"windows\" or days/opens/closes, not both");
        }
        List<Window> windows = new ArrayList<>();
        if (flat) {
            windows.add(window(node, "schedule"));
        } else if (node.has("windows")) {
            JsonNode list = node.get("windows");
            if (!list.isArray() || list.isEmpty()) {
                throw new IllegalArgumentException("schedule.windows: must be a non-empty list of "
                        + "{\"days\": [...], \"opens\": \"HH:mm\", \"closes\": \"HH:mm\"}");
            }
            for (int i = 0; i < list.size(); i++) {
                String at = "schedule.windows[" + i + "]";
                JsonNode w = list.get(i);
                if (!w.isObject()) {
                    throw new IllegalArgumentException(at + ": must be an object with days, opens and closes");
                }
                unknownKeys(w, WINDOW_KEYS, at, "days, opens or closes");
                windows.add(window(w, at));
            }
        }
        JsonNode zoneNode = node.get("zone");
        if (zoneNode == null || zoneNode.isNull()) {
            if (!windows.isEmpty()) {
                throw new IllegalArgumentException("schedule.zone: required to read the hours in, "
                        + "a region id such as \"America/New_York\"");
            }
            return ALWAYS;
        }
        return new BuyerSchedule(zone(zoneNode), windows);
    }

    private static void unknownKeys(JsonNode node, Set<String> keys, String at, String expected) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!keys.contains(key)) {
                throw new IllegalArgumentException(at + ": unknown key \"" + key + "\" (expected " + expected + ")");
            }
        }
    }

    private static ZoneId zone(JsonNode n) {
        if (!n.isTextual()) {
            throw new IllegalArgumentException("schedule.zone: must be text such as \"America/New_York\"");
        }
        try {
            return ZoneId.of(n.asText().strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("schedule.zone: '" + n.asText() + "' is not a time zone; use a "
                    + "region id such as \"America/New_York\"", e);
        }
    }

    private static Window window(JsonNode n, String at) {
        if (!n.has("opens") || !n.has("closes")) {
            throw new IllegalArgumentException(at + ": needs both \"opens\" and \"closes\" (HH:mm)");
        }
        LocalTime opens = time(n.get("opens"), at + ".opens", false);
        LocalTime closes = time(n.get("closes"), at + ".closes", true);
        Set<DayOfWeek> days = n.has("days") ? days(n.get("days"), at + ".days") : EnumSet.allOf(DayOfWeek.class);
        return new Window(days, opens, closes);
    }

    private static LocalTime time(JsonNode n, String at, boolean closing) {
        String v = n.isTextual() ? n.asText().strip() : "";
        if (!TIME.matcher(v).matches() || !closing && v.equals("24:00")) {
            throw new IllegalArgumentException(at + ": " + n + " is not a time; write HH:mm such as \"09:00\""
                    + (closing ? " (or \"24:00\")" : ""));
        }
        return v.equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(v);
    }

    private static Set<DayOfWeek> days(JsonNode n, String at) {
        if (!n.isArray() || n.isEmpty()) {
            throw new IllegalArgumentException(at + ": must be a non-empty list such as [\"MONDAY\", \"TUESDAY\"]");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < n.size(); i++) {
            days.add(day(n.get(i), at + "[" + i + "]"));
        }
        return days;
    }

    private static DayOfWeek day(JsonNode n, String at) {
        String v = n.isTextual() ? n.asText().strip().toUpperCase(Locale.ROOT) : "";
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(v) || d.name().substring(0, 3).equals(v)) {
                return d;
            }
        }
        throw new IllegalArgumentException(at + ": " + n + " is not a day; use MONDAY … SUNDAY or MON … SUN");
    }

    /**
     * Why the buyer is not taking leads at {@code now}.
     *
     * @return empty when open; else e.g.
     *         {@code closed: Saturday 10:15 America/New_York outside Mon–Fri 09:00–17:00}
     */
    public Optional<String> whyClosed(Instant now) {
        if (windows.isEmpty()) {
            return Optional.empty();
        }
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        for (Window w : windows) {
            if (w.covers(local)) {
                return Optional.empty();
            }
        }
        return Optional.of("closed: " + local.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " "
                + time(local.toLocalTime()) + " " + zone.getId() + " outside "
                + windows.stream().map(Window::describe).collect(Collectors.joining("; ")));
    }

    /** Whether the buyer takes leads at {@code now}. */
    public boolean isOpen(Instant now) {
        return whyClosed(now).isEmpty();
    }

    /** Whether there are no hours: open at every moment. */
    public boolean isAlways() {
        return windows.isEmpty();
    }

    /** The buyer's zone: the hours are read in it, and it is the natural zone for its cap periods. */
    public ZoneId zone() {
        return zone;
    }

    /** The opening windows; empty when always open. */
    public List<Window> windows() {
        return windows;
    }

    /**
     * The block as {@link #parse} reads it: the flat form for one window, {@code windows} for
     * several, only the zone when always open.
     */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode out = mapper.createObjectNode().put("zone", zone.getId());
        if (windows.size() == 1) {
            write(out, windows.get(0));
        } else if (windows.size() > 1) {
            ArrayNode list = out.putArray("windows");
            windows.forEach(w -> write(list.addObject(), w));
        }
        return out;
    }

    private static void write(ObjectNode out, Window w) {
        ArrayNode days = out.putArray("days");
        EnumSet.copyOf(w.days()).forEach(d -> days.add(d.name()));
        out.put("opens", time(w.opens()));
        out.put("closes", closesText(w.closes()));
    }

    private static String time(LocalTime t) {
        return String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
    }

    private static String closesText(LocalTime t) {
        return t.equals(LocalTime.MIDNIGHT) ? "24:00" : time(t);
    }

    private static String shortName(DayOfWeek d) {
        return d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BuyerSchedule s && s.zone.equals(zone) && s.windows.equals(windows);
    }

    @Override
    public int hashCode() {
        return zone.hashCode() * 31 + windows.hashCode();
    }

    @Override
    public String toString() {
        if (windows.isEmpty()) {
            return "BuyerSchedule[always, " + zone + "]";
        }
        return "BuyerSchedule[" + zone + " " + windows.stream().map(Window::describe)
                .collect(Collectors.joining("; ")) + "]";
    }
}
