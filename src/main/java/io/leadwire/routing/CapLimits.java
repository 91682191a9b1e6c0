package io.leadwire.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How many leads a buyer takes per hour, day, week and month: the {@code caps} block of its
 * config, any subset of
 *
 * <pre>{@code
 * "caps": {"hour": 50, "day": 500, "week": 2000, "month": 6000}
 * }</pre>
 *
 * <p>This class only says which counters a lead counts against ({@link #windows}); the store
 * counts them atomically, because several engine workers may deliver to the same buyer at
 * once. Periods follow the calendar of the buyer's zone: a day starts at its local midnight
 * (23 or 25 hours long on a daylight-saving change), a week on Monday, a month on the 1st.
 * Immutable and thread-safe.
 */
public final class CapLimits {
    public static final String HOUR = "hour";
    public static final String DAY = "day";
    public static final String WEEK = "week";
    public static final String MONTH = "month";
    /** The periods, shortest first: the order of {@link #windows} and of the JSON. */
    public static final List<String> PERIODS = List.of(HOUR, DAY, WEEK, MONTH);
    private static final String WHOLE_NUMBER = "must be a whole number of leads, 0 or more";
    private static final CapLimits NONE = new CapLimits(Map.of());

    private final Map<String, Integer> limits;

    private CapLimits(Map<String, Integer> limits) {
        Map<String, Integer> ordered = new LinkedHashMap<>();
        for (String p : PERIODS) {
            if (limits.containsKey(p)) {
                ordered.put(p, limits.get(p));
            }
        }
        this.limits = Collections.unmodifiableMap(ordered);
    }

    /** No caps: the buyer takes every lead it is offered. */
    public static CapLimits none() {
        return NONE;
    }

    /**
     * Caps from a period → limit map.
     *
     * @throws IllegalArgumentException for an unknown period or a negative limit
     */
    public static CapLimits of(Map<String, Integer> limits) {
        for (Map.Entry<String, Integer> e : limits.entrySet()) {
            if (!PERIODS.contains(e.getKey())) {
                throw new IllegalArgumentException("caps: unknown period \"" + e.getKey()
                        + "\" (expected hour, day, week or month)");
            }
            if (e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("caps." + e.getKey() + ": " + WHOLE_NUMBER);
            }
        }
        return limits.isEmpty() ? NONE : new CapLimits(limits);
    }

    /**
     * Reads a buyer's {@code caps} block.
     *
     * @param node the block; null, JSON null or a missing node mean no caps
     * @throws IllegalArgumentException naming the key at fault ({@code caps.day: must be a whole number ...})
     */
    public static CapLimits parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NONE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("caps must be an object such as {\"day\": 500, \"month\": 6000}");
        }
        Map<String, Integer> limits = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> e = entries.next();
            if (!PERIODS.contains(e.getKey())) {
                throw new IllegalArgumentException("caps: unknown key \"" + e.getKey()
                        + "\" (expected hour, day, week or month)");
            }
            JsonNode v = e.getValue();
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
                throw new IllegalArgumentException("caps." + e.getKey() + ": " + WHOLE_NUMBER + ", not " + v);
            }
            limits.put(e.getKey(), v.asInt());
        }
        return of(limits);
    }

    /** The block as {@link #parse} reads it, shortest period first. */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode out = mapper.createObjectNode();
        limits.forEach(out::put);
        return out;
    }

    /** The configured limits, shortest period first. */
    public Map<String, Integer> limits() {
        return limits;
    }

    /** The limit of one period, empty when it is not capped. */
    public OptionalInt limit(String period) {
        Integer v = limits.get(period);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** Whether no period is capped. */
    public boolean isEmpty() {
        return limits.isEmpty();
    }

    /**
     * The counters a lead delivered at {@code now} counts against: one per configured period,
     * shortest first, each with the start of its period in {@code zone}.
     *
     * <p>Hours are the zone's local hours (in Asia/Kolkata they start at :30 UTC); in the hour
     * repeated when clocks go back, each of the two real hours is its own bucket.
     */
    public List<CapWindow> windows(Instant now, ZoneId zone) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(zone, "zone");
        ZonedDateTime local = now.atZone(zone);
        LocalDate date = local.toLocalDate();
        List<CapWindow> out = new ArrayList<>(limits.size());
        for (Map.Entry<String, Integer> e : limits.entrySet()) {
            Instant start = switch (e.getKey()) {
                case HOUR -> local.truncatedTo(ChronoUnit.HOURS).toInstant();
                case DAY -> date.atStartOfDay(zone).toInstant();
                case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(zone)
                        .toInstant();
                case MONTH -> date.withDayOfMonth(1).atStartOfDay(zone).toInstant();
                default -> throw new IllegalStateException("unknown period " + e.getKey());
            };
            out.add(new CapWindow(e.getKey(), start, e.getValue()));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapLimits c && c.limits.equals(limits);
    }

    @Override
    public int hashCode() {
        return limits.hashCode();
    }

    @Override
    public String toString() {
        return "CapLimits" + limits;
    }
}
