package io.leadwire.ui.vendors;

/**
 * One vendor as the Vendors table shows it.
 *
 * @param intake        how its leads come in: {@code push}, {@code pull} or {@code hybrid}
 * @param intakeFailing whether its last poll failed
 * @param dialect       whether it sends in its own dialect (an inbound field mapping)
 * @param pollDetail    a line about its polling (last success, last error, next attempt), or empty
 */
public record VendorRow(String name, String key, boolean keyActive, String networks, long leadsToday,
                        long refusalsToday, String intake, boolean intakeFailing, boolean dialect,
                        String pollDetail) {

    public String leadsTodayText() {
        return String.format("%,d", leadsToday);
    }

    public String refusalsTodayText() {
        return String.format("%,d", refusalsToday);
    }

    /** The Intake column: {@code push}, {@code pull}, {@code hybrid}, marked when polling fails. */
    public String intakeText() {
        return intakeFailing ? intake + " · failing" : intake;
    }

    /** The Dialect column. */
    public String dialectText() {
        return dialect ? "custom" : "canonical";
    }
}
