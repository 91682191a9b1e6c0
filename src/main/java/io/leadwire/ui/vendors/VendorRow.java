package io.leadwire.ui.vendors;

/** One vendor as the Vendors table shows it. */
public record VendorRow(String name, String key, boolean keyActive, String networks, long leadsToday,
                        long refusalsToday) {

    public String leadsTodayText() {
        return String.format("%,d", leadsToday);
    }

    public String refusalsTodayText() {
        return String.format("%,d", refusalsToday);
    }
}
