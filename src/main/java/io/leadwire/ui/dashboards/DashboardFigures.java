package io.leadwire.ui.dashboards;

import io.leadwire.metrics.Figures.Range;
import io.leadwire.ui.dashboards.DashboardTables.BreakerChange;
import io.leadwire.ui.dashboards.DashboardTables.BuyerSummary;
import java.util.List;
import java.util.NoSuchElementException;

/** What each dashboard shows, read in one go off the FX thread. */
public final class DashboardFigures {
    private DashboardFigures() {
    }

    /** The manager's overview: delivery success, revenue, and the health of the queues. */
    public record Executive(Range range, List<Tile> tiles, ChartData volume, ChartData revenueOverTime,
                            ChartData revenueByBuyer, ChartData leadsByVendor) {
        public Executive {
            tiles = List.copyOf(tiles);
        }

        public Tile tile(String id) {
            return find(tiles, id);
        }

        public List<ChartData> charts() {
            return List.of(volume, revenueOverTime, revenueByBuyer, leadsByVendor);
        }
    }

    /**
     * The chosen vendors' volume, quality, acceptance, returns and conversions, revenue per lead,
     * what buyers reported about their leads, and the quality stage's score distribution.
     */
    public record Vendors(Range range, List<Tile> tiles, ChartData volume, ChartData quality, ChartData acceptance,
                          ChartData returnsConversions, ChartData revenuePerLead, ChartData buyerReports,
                          ChartData scores) {
        public Vendors {
            tiles = List.copyOf(tiles);
        }

        public Tile tile(String id) {
            return find(tiles, id);
        }

        public List<ChartData> charts() {
            return List.of(volume, quality, acceptance, returnsConversions, revenuePerLead, buyerReports, scores);
        }
    }

    /** The chosen buyers' latency, errors, retries, breaker changes and cap use. */
    public record Buyers(Range range, List<Tile> tiles, ChartData deliveries, ChartData latency, ChartData errors,
                         ChartData retries, List<BuyerSummary> summary, List<BreakerChange> breakerChanges) {
        public Buyers {
            tiles = List.copyOf(tiles);
            summary = List.copyOf(summary);
            breakerChanges = List.copyOf(breakerChanges);
        }

        public Tile tile(String id) {
            return find(tiles, id);
        }

        public List<ChartData> charts() {
            return List.of(deliveries, latency, errors, retries);
        }
    }

    private static Tile find(List<Tile> tiles, String id) {
        return tiles.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no tile " + id));
    }
}
