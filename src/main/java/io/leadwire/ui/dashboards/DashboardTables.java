package io.leadwire.ui.dashboards;

/** The rows of the Buyers dashboard's two tables. */
public final class DashboardTables {
    private DashboardTables() {
    }

    /** One buyer's figures over the range and its live state now. */
    public record BuyerSummary(String buyerId, String name, String success, String attempts, String retries,
                               String errors,
                               String p50, String p95, String p99, String breaker, String capUse) {
    }

    /** One breaker transition. */
    public record BreakerChange(String at, String buyer, String change, String reason) {
    }

    /** One lead or delivery behind a chart point. */
    public record DrillRow(String at, String lead, String who, String status, String detail) {
    }
}
