package io.leadwire.delivery.response;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regular expressions over buyer text with a step budget. Rules come from integration staff but
 * the text comes from the buyer: a pattern that backtracks badly on an odd answer must cost a few
 * milliseconds and a drift note, not a delivery thread.
 */
final class Regexes {
    /** Character reads one evaluation may make, a few milliseconds of work. */
    static final int STEP_BUDGET = 2_000_000;

    /** The evaluation ran out of its budget (or of stack, on deeply recursive patterns). */
    static final class GaveUp extends Exception {
        GaveUp(Pattern pattern) {
            super("/" + Answer.clip(pattern.pattern()) + "/ gave up (too much backtracking)");
        }
    }

    private static final class OverBudget extends RuntimeException {
        OverBudget() {
            super(null, null, false, false);
        }
    }

    /** A view of the text that counts reads and stops the matcher when the budget is spent. */
    private static final class Budgeted implements CharSequence {
        private final String text;
        private int steps;

        Budgeted(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (++steps > STEP_BUDGET) {
                throw new OverBudget();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private Regexes() {
    }

    /**
     * The first group of the first match anywhere in the text (the whole match when the pattern has
     * no group or the group took no part), or {@code null} when nothing matches.
     */
    static String find(Pattern pattern, String text) throws GaveUp {
        try {
            Matcher m = pattern.matcher(new Budgeted(text));
            if (!m.find()) {
                return null;
            }
            String first = m.groupCount() >= 1 ? m.group(1) : null;
            return first != null ? first : m.group();
        } catch (OverBudget | StackOverflowError e) {
            throw new GaveUp(pattern);
        }
    }

    /** Whether the whole text matches. */
    static boolean matchesWhole(Pattern pattern, String text) throws GaveUp {
        try {
            return pattern.matcher(new Budgeted(text)).matches();
        } catch (OverBudget | StackOverflowError e) {
            throw new GaveUp(pattern);
        }
    }
}
