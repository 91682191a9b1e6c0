package io.leadwire.quality;

/** How much a {@link Finding} weighs in the decision on a lead. */
public enum Severity {
    /** The value is wrong: the lead cannot go to buyers as it is (it is quarantined or rejected). */
    ERROR,
    /** Doubtful but usable: shows in the reasons and may lower the score; does not block the lead by itself. */
    WARNING,
    /** Said for transparency (e.g. a check that could not run); no effect on the decision. */
    INFO
}
