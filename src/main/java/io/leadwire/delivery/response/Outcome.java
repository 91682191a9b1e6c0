package io.leadwire.delivery.response;

import java.util.Locale;

/**
 * What a buyer's answer to a delivered lead means for that lead. Only {@link #ERROR} may lead
 * to another attempt (as its {@link io.leadwire.delivery.ErrorClass} allows); the other three are
 * final answers from the buyer.
 */
public enum Outcome {
    /** The buyer took the lead (and will pay for it). */
    ACCEPTED,
    /** The buyer answered and declined the lead; sending it again would be declined again. */
    REJECTED,
    /** The buyer already has this lead, from us or from someone else. */
    DUPLICATE,
    /** No usable answer: an HTTP error, or a rule configured to hold unknown answers. */
    ERROR;

    /** The lower-case word stored and written in response rules, e.g. {@code "accepted"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The outcome of a wire name, ignoring case.
     *
     * @throws IllegalArgumentException naming the word and the words allowed
     */
    public static Outcome ofWireName(String word) {
        for (Outcome outcome : values()) {
            if (outcome.wireName().equalsIgnoreCase(word == null ? "" : word.trim())) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("'" + word + "' is not an outcome (accepted, rejected, duplicate, error)");
    }
}
