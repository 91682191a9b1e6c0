package io.leadwire.routing;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a buyer was not offered a lead. The {@link #code()}s are stable: they are stored with
 * every routing decision and counted on dashboards, so they are never renamed.
 */
public enum SkipReason {
    /** The buyer is switched off. */
    DISABLED("disabled"),
    /** The waterfall offered this lead to the buyer before. */
    ALREADY_TRIED("already_tried"),
    /** The buyer requires consent proof (TrustedForm or Jornaya) and the lead has none. */
    CONSENT_MISSING("consent_missing"),
    /** The lead fails one of the buyer's filters. */
    FILTER("filter"),
    /** The buyer is outside its opening hours. */
    SCHEDULE("schedule"),
    /** The buyer's circuit breaker is open after repeated delivery failures. */
    BREAKER_OPEN("breaker_open"),
    /** The buyer reached one of its caps; decided by the store when it counts, not by the {@link Router}. */
    CAP_REACHED("cap_reached");

    private final String code;

    SkipReason(String code) {
        this.code = code;
    }

    /** The stable code stored and shown, e.g. {@code breaker_open}. */
    public String code() {
        return code;
    }

    /** The reason with a stored code, empty for a code this version does not know. */
    public static Optional<SkipReason> ofCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }
}
