package io.leadwire.ui.dashboards;

import io.leadwire.delivery.BuyerDefinition;
import io.leadwire.delivery.InvalidBuyerException;
import io.leadwire.delivery.retry.CircuitBreaker;
import io.leadwire.lead.Vendor;
import io.leadwire.metrics.FigureSeries;
import io.leadwire.metrics.Figures.Range;
import io.leadwire.routing.CapWindow;
import io.leadwire.store.BuyerRow;
import io.leadwire.store.DeliveryRepository.CapSlot;
import io.leadwire.store.FiguresRepository;
import io.leadwire.store.FiguresRepository.BreakerRow;
import io.leadwire.store.FiguresRepository.Grain;
import io.leadwire.store.FiguresRepository.Subject;
import io.leadwire.store.QualityFigures;
import io.leadwire.store.StoreGauges;
import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.dashboards.ChartData.Drill;
import io.leadwire.ui.dashboards.ChartData.Kind;
import io.leadwire.ui.dashboards.ChartData.Point;
import io.leadwire.ui.dashboards.ChartData.Series;
import io.leadwire.ui.dashboards.DashboardTables.BreakerChange;
import io.leadwire.ui.dashboards.DashboardTables.BuyerSummary;
import io.leadwire.ui.dashboards.Tile.Tone;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads what the three dashboards show for a time range: figures from the buckets the figures
 * stage keeps ({@link io.leadwire.metrics.Figures}), the quality stage's hourly counts, and a few
 * cheap indexed counts for health. Never scans leads. Plain and thread-agnostic: the dashboards'
 * ViewModel runs it through its executor, the benchmark times it as is.
 */
public final class DashboardQueries {
    /** The label of the one series drawn when no vendor or buyer is chosen. */
    public static final String ALL_VENDORS = "All vendors";
    public static final String ALL_BUYERS = "All buyers";

    private final ConsoleServices services;
    private final ZoneId zone;

    public DashboardQueries(ConsoleServices services) {
        this.services = services;
        this.zone = services.clock().getZone();
    }

    // ------------------------------------------------------------------ executive

    public DashboardFigures.Executive executive(Range range) {
        FigureSeries intake = services.figures().intake(range);
        // Only the metrics this dashboard shows: a buyer's latency bins and error classes, a
        // vendor's quality and callback counts are most of the rows over a week of hours.
        FigureSeries buyers = services.figures().read(Subject.BUYER, List.of(), range, range.grain(),
                List.of("sold", "rejected", "duplicate", "failed", "sold_value", "credit"));
        Map<String, String> buyerNames = buyerNames();
        long received = intake.count(null, "received");
        long sold = buyers.count(null, "sold");
        long decided = decided(buyers, null);
        BigDecimal revenue = netRevenue(buyers, null);
        long breakersOpen = services.buyerDirectory().breakerStates().values().stream()
                .filter(s -> s.state() == CircuitBreaker.State.OPEN || s.state() == CircuitBreaker.State.FORCED_OPEN)
                .count();
        Map<String, Long> gauges = services.gauges().read();
        long deadLetters = gauges.getOrDefault(StoreGauges.DEAD_LETTERS_OPEN, 0L);
        long quarantined = gauges.getOrDefault(StoreGauges.QUARANTINED, 0L);

        OptionalDouble success = FigureSeries.ratio(BigDecimal.valueOf(sold), BigDecimal.valueOf(decided));
        List<Tile> tiles = List.of(
                new Tile("success", "Delivery success", percent(success),
                        String.format(Locale.ROOT, "%,d sold of %,d decided", sold, decided),
                        success.isEmpty() ? Tone.NEUTRAL : success.getAsDouble() >= 0.5 ? Tone.GOOD : Tone.WARNING),
                new Tile("revenue", "Revenue", money(revenue), "sales less credit", Tone.NEUTRAL),
                new Tile("revenue-per-lead", "Revenue per lead", received == 0 ? "—"
                        : money(revenue.divide(BigDecimal.valueOf(received), 4, java.math.RoundingMode.HALF_UP)),
                        String.format(Locale.ROOT, "over %,d leads", received), Tone.NEUTRAL),
                new Tile("breakers", "Breakers open", String.format(Locale.ROOT, "%,d", breakersOpen),
                        "buyers not sent to", breakersOpen > 0 ? Tone.DANGER : Tone.GOOD),
                new Tile("dead-letters", "Dead letters", String.format(Locale.ROOT, "%,d", deadLetters),
                        "open, for an operator", deadLetters > 0 ? Tone.WARNING : Tone.GOOD),
                new Tile("quarantine", "Quarantine", String.format(Locale.ROOT, "%,d", quarantined),
                        "leads to review", quarantined > 0 ? Tone.WARNING : Tone.GOOD));

        ChartData volume = new ChartData("leads-over-time", "Leads received and sold", Kind.LINE, "Leads",
                range.grain().size(), List.of(
                        new Series("Received", null, Drill.VENDOR_LEADS, timed(intake.points(null, "received"))),
                        new Series("Sold", timed(buyers.points(null, "sold")))));
        NavigableMap<Instant, BigDecimal> net = new TreeMap<>(buyers.points(null, "sold_value"));
        buyers.points(null, "credit").forEach((b, c) -> net.merge(b, c.negate(), BigDecimal::add));
        ChartData revenueOverTime = new ChartData("revenue-over-time", "Revenue over time", Kind.AREA,
                "Net revenue", range.grain().size(), List.of(new Series("Net revenue", timed(net))));
        List<Map.Entry<String, BigDecimal>> byBuyer = new ArrayList<>();
        for (String id : buyers.subjects()) {
            if (buyers.total(id, "sold_value").signum() != 0 || buyers.total(id, "credit").signum() != 0) {
                byBuyer.add(Map.entry(id, netRevenue(buyers, id)));
            }
        }
        byBuyer.sort(Map.Entry.<String, BigDecimal>comparingByValue().reversed()
                .thenComparing(e -> buyerNames.getOrDefault(e.getKey(), e.getKey())));
        List<Point> revenuePoints = byBuyer.stream().map(e -> new Point(buyerNames.getOrDefault(e.getKey(),
                e.getKey()), null, e.getValue().doubleValue(), e.getKey())).toList();
        ChartData revenueByBuyer = new ChartData("revenue-by-buyer", "Revenue by buyer", Kind.BAR, "Net revenue",
                null, List.of(new Series("Net revenue", null, Drill.BUYER_DELIVERIES, revenuePoints)));
        FigureSeries vendors = services.figures().read(Subject.VENDOR, List.of(), range, range.grain(),
                List.of("received", "sold"));
        Map<String, String> vendorNames = vendorNames();
        List<String> busiest = new ArrayList<>(vendors.subjects());
        busiest.removeIf(id -> vendors.count(id, "received") == 0 && vendors.count(id, "sold") == 0);
        busiest.sort(java.util.Comparator.comparingLong((String id) -> -vendors.count(id, "received"))
                .thenComparing(id -> vendorNames.getOrDefault(id, id)));
        Function<String, String> vendorName = id -> vendorNames.getOrDefault(id, id);
        ChartData leadsByVendor = new ChartData("leads-by-vendor", "Leads by vendor", Kind.BAR, "Leads", null,
                List.of(new Series("Received", null, Drill.VENDOR_LEADS, busiest.stream().map(id -> new Point(
                                vendorName.apply(id), null, vendors.count(id, "received"), id)).toList()),
                        new Series("Sold", busiest.stream().map(id -> new Point(vendorName.apply(id), null,
                                vendors.count(id, "sold"))).toList())));
        return new DashboardFigures.Executive(range, tiles, volume, revenueOverTime, revenueByBuyer, leadsByVendor);
    }

    /** Deliveries that reached a final word: sold, rejected, refused as a duplicate, or failed for good. */
    private static long decided(FigureSeries f, String subject) {
        return f.count(subject, "sold") + f.count(subject, "rejected") + f.count(subject, "duplicate")
                + f.count(subject, "failed");
    }

    private static BigDecimal netRevenue(FigureSeries buyers, String subject) {
        return buyers.total(subject, "sold_value").subtract(buyers.total(subject, "credit"));
    }

    // ------------------------------------------------------------------ vendors

    /** The vendors' figures; every vendor together when {@code vendorIds} is empty. */
    public DashboardFigures.Vendors vendors(List<String> vendorIds, Range range) {
        FigureSeries f = services.figures().vendors(vendorIds, range);
        Map<String, String> names = vendorNames();
        // Categories: the chosen vendors, or every vendor with figures in the range; by name.
        TreeSet<String> ids = new TreeSet<>(java.util.Comparator.comparing((String id) -> names.getOrDefault(id, id))
                .thenComparing(Function.identity()));
        if (vendorIds.isEmpty()) {
            ids.addAll(f.subjects());
        } else {
            ids.addAll(vendorIds);
        }
        List<Series> volume = new ArrayList<>();
        if (vendorIds.isEmpty()) {
            volume.add(new Series(ALL_VENDORS, null, Drill.VENDOR_LEADS, timed(f.points(null, "received"))));
        } else {
            for (String id : ids) {
                volume.add(new Series(names.getOrDefault(id, id), id, Drill.VENDOR_LEADS,
                        timed(f.points(id, "received"))));
            }
        }
        // The quality stage's decisions, counted in the same minute/hour/day buckets (q.*), so the
        // quality shares cover exactly the chosen range, like every other figure here.
        String[] qualityNames = {"Pass rate", "Duplicates", "Invalid email", "Invalid phone", "Geo mismatch"};
        String[] qualityMetrics = {"q.accepted", "q.duplicates", "q.invalid_email", "q.invalid_phone",
            "q.geo_mismatch"};
        List<List<Point>> qualityPoints = new ArrayList<>();
        for (int i = 0; i < qualityNames.length; i++) {
            qualityPoints.add(new ArrayList<>());
        }
        List<Point> acceptance = new ArrayList<>();
        List<Point> sold = new ArrayList<>();
        List<Point> returns = new ArrayList<>();
        List<Point> conversions = new ArrayList<>();
        List<Point> perLead = new ArrayList<>();
        // What buyers reported by callback: one series per status or feedback word seen in the range.
        Map<String, Map<String, Long>> reported = new java.util.HashMap<>();
        TreeSet<String> reportWords = new TreeSet<>();
        for (String id : ids) {
            Map<String, Long> words = new java.util.TreeMap<>();
            f.countsByPrefix(id, "status.").forEach((w, n) -> words.put("status." + w, n));
            f.countsByPrefix(id, "feedback.").forEach((w, n) -> words.put("feedback." + w, n));
            reported.put(id, words);
            reportWords.addAll(words.keySet());
        }
        Map<String, List<Point>> reports = new LinkedHashMap<>();
        reportWords.forEach(w -> reports.put(w, new ArrayList<>()));
        for (String id : ids) {
            String name = names.getOrDefault(id, id);
            long decidedHere = f.count(id, "q.decided");
            for (int i = 0; i < qualityMetrics.length; i++) {
                if (decidedHere > 0) {
                    qualityPoints.get(i).add(new Point(name, null,
                            round1(100.0 * f.count(id, qualityMetrics[i]) / decidedHere), id));
                }
            }
            OptionalDouble a = f.ratio(id, "sold", "received");
            if (a.isPresent()) {
                acceptance.add(new Point(name, null, round1(a.getAsDouble() * 100), id));
            }
            sold.add(new Point(name, null, f.count(id, "sold"), id));
            returns.add(new Point(name, null, f.count(id, "returns"), id));
            conversions.add(new Point(name, null, f.count(id, "conversions"), id));
            long receivedHere = f.count(id, "received");
            if (receivedHere > 0) {
                perLead.add(new Point(name, null, netRevenue(f, id).divide(BigDecimal.valueOf(receivedHere), 2,
                        java.math.RoundingMode.HALF_UP).doubleValue(), id));
            }
            for (String w : reportWords) {
                reports.get(w).add(new Point(name, null, reported.get(id).getOrDefault(w, 0L), id));
            }
        }
        List<Series> qualitySeries = new ArrayList<>();
        for (int i = 0; i < qualityNames.length; i++) {
            qualitySeries.add(new Series(qualityNames[i], null, Drill.VENDOR_LEADS, qualityPoints.get(i)));
        }
        // The score distribution is kept per vendor and hour only (quality_figures): whole hours
        // from the one the range starts in.
        List<Series> scores = new ArrayList<>();
        Map<String, long[]> histograms = new LinkedHashMap<>();
        for (QualityFigures q : services.qualityFigures().totals(Grain.HOUR.floor(range.from()), range.to())) {
            String key = vendorIds.isEmpty() ? ALL_VENDORS : q.vendorId();
            if (!vendorIds.isEmpty() && !vendorIds.contains(q.vendorId())) {
                continue;
            }
            long[] h = histograms.computeIfAbsent(key, k -> new long[QualityFigures.SCORE_BUCKETS]);
            for (int i = 0; i < QualityFigures.SCORE_BUCKETS; i++) {
                h[i] += q.scoreHistogram().get(i);
            }
        }
        for (String key : vendorIds.isEmpty() ? List.of(ALL_VENDORS) : List.copyOf(ids)) {
            long[] h = histograms.getOrDefault(key, new long[QualityFigures.SCORE_BUCKETS]);
            long scored = java.util.Arrays.stream(h).sum();
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < QualityFigures.SCORE_BUCKETS; i++) {
                String label = i * 10 + "–" + (i == QualityFigures.SCORE_BUCKETS - 1 ? 100 : i * 10 + 9);
                points.add(new Point(label, null, scored == 0 ? 0 : round1(100.0 * h[i] / scored)));
            }
            scores.add(new Series(key.equals(ALL_VENDORS) ? ALL_VENDORS : names.getOrDefault(key, key), points));
        }
        List<Series> reportSeries = new ArrayList<>();
        reports.forEach((w, points) -> reportSeries.add(new Series(reportLabel(w), null, Drill.VENDOR_LEADS, points)));

        long received = f.count(null, "received");
        long soldTotal = f.count(null, "sold");
        long decided = f.count(null, "q.decided");
        long accepted = f.count(null, "q.accepted");
        long duplicates = f.count(null, "q.duplicates");
        long invalidEmail = f.count(null, "q.invalid_email");
        long invalidPhone = f.count(null, "q.invalid_phone");
        long conversionsTotal = f.count(null, "conversions");
        long returnsTotal = f.count(null, "returns");
        BigDecimal revenue = netRevenue(f, null);
        List<Tile> tiles = List.of(
                new Tile("received", "Leads received", String.format(Locale.ROOT, "%,d", received),
                        String.format(Locale.ROOT, "%,d refused at intake", f.count(null, "refused")), Tone.NEUTRAL),
                new Tile("acceptance", "Acceptance", percent(FigureSeries.ratio(BigDecimal.valueOf(soldTotal),
                        BigDecimal.valueOf(received))), String.format(Locale.ROOT, "%,d sold · %,d returned", soldTotal,
                        returnsTotal), Tone.NEUTRAL),
                new Tile("pass-rate", "Pass rate", percent(ratio(accepted, decided)),
                        String.format(Locale.ROOT, "%,d of %,d passed", accepted, decided), Tone.NEUTRAL),
                new Tile("duplicates", "Duplicates", percent(ratio(duplicates, decided)),
                        String.format(Locale.ROOT, "%,d repeats", duplicates), Tone.NEUTRAL),
                new Tile("invalid-contact", "Invalid contact", percent(ratio(invalidEmail + invalidPhone, decided)),
                        String.format(Locale.ROOT, "%,d emails, %,d phones", invalidEmail, invalidPhone),
                        Tone.NEUTRAL),
                new Tile("vendor-revenue", "Revenue per lead", received == 0 ? "—"
                        : money(revenue.divide(BigDecimal.valueOf(received), 4, java.math.RoundingMode.HALF_UP)),
                        String.format(Locale.ROOT, "net %s · %,d conversions", money(revenue), conversionsTotal),
                        Tone.NEUTRAL));

        return new DashboardFigures.Vendors(range, tiles,
                new ChartData("vendor-volume", "Leads received", Kind.LINE, "Leads", range.grain().size(), volume),
                new ChartData("vendor-quality", "Quality", Kind.BAR, "% of decided", null,
                        qualitySeries),
                new ChartData("vendor-acceptance", "Acceptance (sold / received)", Kind.BAR, "Acceptance (%)", null,
                        List.of(new Series("Acceptance", null, Drill.VENDOR_LEADS, acceptance))),
                new ChartData("vendor-outcomes", "Sold, returns and conversions", Kind.BAR, "Leads", null,
                        List.of(new Series("Sold", null, Drill.VENDOR_LEADS, sold),
                                new Series("Returns", null, Drill.VENDOR_LEADS, returns),
                                new Series("Conversions", null, Drill.VENDOR_LEADS, conversions))),
                new ChartData("vendor-revenue", "Net revenue per lead received", Kind.BAR, "Revenue per lead", null,
                        List.of(new Series("Revenue per lead", null, Drill.VENDOR_LEADS, perLead))),
                new ChartData("vendor-reports", "What buyers reported (status and feedback)", Kind.BAR, "Leads",
                        null, reportSeries),
                new ChartData("vendor-scores", "Score distribution", Kind.BAR, "% of scored leads", null, scores));
    }

    /** "status.closed_lost" → "Closed lost", "feedback.wrong_number" → "Feedback: wrong number". */
    static String reportLabel(String metric) {
        int dot = metric.indexOf('.');
        String word = metric.substring(dot + 1).replace('_', ' ').replace('-', ' ');
        String text = word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
        return metric.startsWith("feedback.") ? "Feedback: " + word : text;
    }

    // ------------------------------------------------------------------ buyers

    /** The buyers' figures; every buyer together when {@code buyerIds} is empty. */
    public DashboardFigures.Buyers buyers(List<String> buyerIds, Range range) {
        FigureSeries f = services.figures().buyers(buyerIds, range);
        Map<String, String> names = buyerNames();
        List<String> subjects = new ArrayList<>();
        if (buyerIds.isEmpty()) {
            subjects.add(null);
        } else {
            List<String> sorted = new ArrayList<>(buyerIds);
            sorted.sort(java.util.Comparator.comparing(id -> names.getOrDefault(id, id)));
            subjects.addAll(sorted);
        }
        Function<String, String> name = id -> id == null ? ALL_BUYERS : names.getOrDefault(id, id);

        List<Series> deliveries = new ArrayList<>();
        List<Series> retries = new ArrayList<>();
        for (String id : subjects) {
            NavigableMap<Instant, BigDecimal> first = new TreeMap<>(f.points(id, "attempts"));
            f.points(id, "retries").forEach((b, r) -> first.merge(b, r.negate(), BigDecimal::add));
            deliveries.add(new Series(name.apply(id), id, Drill.BUYER_DELIVERIES, timed(first)));
            retries.add(new Series(name.apply(id), timed(f.points(id, "retries"))));
        }

        Map<String, long[]> binsBySubject = new java.util.HashMap<>();
        for (String id : subjects) {
            binsBySubject.put(id, f.latencyBins(id));
        }
        int lastBin = -1;
        for (String id : subjects) {
            long[] bins = binsBySubject.get(id);
            for (int i = bins.length - 1; i > lastBin; i--) {
                if (bins[i] > 0) {
                    lastBin = i;
                    break;
                }
            }
        }
        List<Series> latency = new ArrayList<>();
        for (String id : subjects) {
            long[] bins = binsBySubject.get(id);
            List<Point> points = new ArrayList<>();
            for (int i = 0; i <= lastBin; i++) {
                points.add(new Point(binLabel(i), null, bins[i]));
            }
            latency.add(new Series(name.apply(id), points));
        }

        TreeSet<String> classes = new TreeSet<>();
        for (String id : subjects) {
            classes.addAll(f.countsByPrefix(id, "err.").keySet());
        }
        List<Series> errors = new ArrayList<>();
        for (String id : subjects) {
            Map<String, Long> counts = f.countsByPrefix(id, "err.");
            errors.add(new Series(name.apply(id), classes.stream()
                    .map(c -> new Point(c, null, counts.getOrDefault(c, 0L))).toList()));
        }

        long[] allBins = f.latencyBins(null);
        long attempts = f.count(null, "attempts");
        long retried = f.count(null, "retries");
        long errorCount = f.countsByPrefix(null, "err.").values().stream().mapToLong(Long::longValue).sum();
        long sold = f.count(null, "sold");
        long decided = decided(f, null);
        OptionalDouble success = ratio(sold, decided);
        List<Tile> tiles = List.of(
                new Tile("buyer-success", "Success rate", percent(success),
                        String.format(Locale.ROOT, "%,d sold of %,d decided · %,d attempts", sold, decided, attempts),
                        success.isEmpty() ? Tone.NEUTRAL : success.getAsDouble() >= 0.5 ? Tone.GOOD : Tone.WARNING),
                new Tile("retries", "Retries", String.format(Locale.ROOT, "%,d", retried),
                        percent(ratio(retried, attempts)) + " of attempts", Tone.NEUTRAL),
                new Tile("errors", "Errors", String.format(Locale.ROOT, "%,d", errorCount),
                        percent(ratio(errorCount, attempts)) + " of attempts",
                        errorCount > 0 ? Tone.WARNING : Tone.NEUTRAL),
                new Tile("p50", "Latency p50", millis(FigureSeries.percentile(allBins, 0.50)), "half answer faster",
                        Tone.NEUTRAL),
                new Tile("p95", "Latency p95", millis(FigureSeries.percentile(allBins, 0.95)), "1 in 20 is slower",
                        Tone.NEUTRAL),
                new Tile("p99", "Latency p99", millis(FigureSeries.percentile(allBins, 0.99)), "1 in 100 is slower",
                        Tone.NEUTRAL));

        Map<String, CircuitBreaker.Snapshot> breakers = services.buyerDirectory().breakerStates();
        
        List<BuyerSummary> summary = new ArrayList<>();
        Instant now = services.clock().instant();
        for (BuyerRow row : services.buyers().list()) {
            if (!buyerIds.isEmpty() && !buyerIds.contains(row.id())) {
                continue;
            }
            String id = row.id();
            long a = f.count(id, "attempts");
            long e = f.countsByPrefix(id, "err.").values().stream().mapToLong(Long::longValue).sum();
            long[] bins = f.latencyBins(id);
            CircuitBreaker.Snapshot s = breakers.get(row.name()); // keyed by name
            summary.add(new BuyerSummary(id, row.name(), percent(ratio(f.count(id, "sold"), decided(f, id))),
                    String.format(Locale.ROOT, "%,d", a),
                    String.format(Locale.ROOT, "%,d", f.count(id, "retries")), String.format(Locale.ROOT, "%,d", e),
                    millis(FigureSeries.percentile(bins, 0.50)), millis(FigureSeries.percentile(bins, 0.95)),
                    millis(FigureSeries.percentile(bins, 0.99)), s == null ? "—" : stateText(s.state()), capUse(row, now)));
        }
        List<BreakerRow> events = new ArrayList<>(services.figures().breakerTimeline(buyerIds, range));
        java.util.Collections.reverse(events);
        DateTimeFormatter at = DateTimeFormatter.ofPattern("d MMM HH:mm:ss", Locale.ENGLISH).withZone(zone);
        List<BreakerChange> changes = events.stream().map(r -> new BreakerChange(at.format(r.at()),
                names.getOrDefault(r.buyerId(), r.buyerId()), word(r.from()) + " → " + word(r.to()),
                r.reason() == null ? "" : r.reason())).toList();

        return new DashboardFigures.Buyers(range, tiles,
                new ChartData("buyer-deliveries", "Deliveries (first attempts)", Kind.LINE, "Deliveries",
                        range.grain().size(), deliveries),
                new ChartData("buyer-latency", "Latency distribution", Kind.BAR, "Attempts", null, latency),
                new ChartData("buyer-errors", "Errors by class", Kind.BAR, "Attempts", null, errors),
                new ChartData("buyer-retries", "Retries", Kind.LINE, "Retries", range.grain().size(), retries),
                summary, changes);
    }

    /** The tightest cap window of the buyer now: the one closest to full. */
    private String capUse(BuyerRow row, Instant now) {
        BuyerDefinition def;
        try {
            def = services.buyers().definition(row);
        } catch (InvalidBuyerException e) {
            return "—";
        }
        List<CapWindow> windows = def.caps().windows(now, def.zone());
        if (windows.isEmpty()) {
            return "no cap";
        }
        Map<String, Integer> used = services.deliveries().capUse(row.id(),
                windows.stream().map(w -> new CapSlot(w.period(), w.bucketStart(), w.limit())).toList());
        CapWindow tightest = null;
        double worst = -1;
        for (CapWindow w : windows) {
            double share = w.limit() == 0 ? Double.POSITIVE_INFINITY
                    : (double) used.getOrDefault(w.period(), 0) / w.limit();
            if (share > worst) {
                worst = share;
                tightest = w;
            }
        }
        return String.format(Locale.ROOT, "%,d / %,d per %s", used.getOrDefault(tightest.period(), 0),
                tightest.limit(), tightest.period());
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, String> vendorNames() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Vendor v : services.vendors().list()) {
            out.put(v.id(), v.name());
        }
        return out;
    }

    private Map<String, String> buyerNames() {
        Map<String, String> out = new LinkedHashMap<>();
        for (BuyerRow b : services.buyers().list()) {
            out.put(b.id(), b.name());
        }
        return out;
    }

    /** Buckets as points labelled in the console's zone, in the format that suits their size. */
    private List<Point> timed(NavigableMap<Instant, BigDecimal> points) {
        List<Point> out = new ArrayList<>(points.size());
        if (points.isEmpty()) {
            return out;
        }
        long step = points.size() > 1 ? java.time.Duration.between(points.firstKey(), points.higherKey(
                points.firstKey())).toMinutes() : 1;
        DateTimeFormatter format = bucketFormat(step);
        points.forEach((b, v) -> out.add(new Point(format.format(b), b, v.doubleValue())));
        return out;
    }

    private DateTimeFormatter bucketFormat(long stepMinutes) {
        String pattern = stepMinutes >= 24 * 60 ? "d MMM" : stepMinutes >= 60 ? "d MMM HH:mm" : "HH:mm";
        return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).withZone(zone);
    }

    /** The latency bin's upper bound, as the histogram's category. */
    static String binLabel(int bin) {
        long[] bounds = FiguresRepository.LATENCY_BOUNDS_MS;
        if (bin >= bounds.length) {
            return "> " + duration(bounds[bounds.length - 1]);
        }
        return "≤ " + duration(bounds[bin]);
    }

    private static String duration(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        return (ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.format(Locale.ROOT, "%.1f", ms / 1000.0)) + " s";
    }

    private static OptionalDouble ratio(long numerator, long denominator) {
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) numerator / denominator);
    }

    static String percent(OptionalDouble share) {
        return share.isEmpty() ? "—" : String.format(Locale.ROOT, "%.1f %%", share.getAsDouble() * 100);
    }

    static String money(BigDecimal amount) {
        return String.format(Locale.ROOT, "%,.2f", amount);
    }

    static String millis(OptionalDouble ms) {
        return ms.isEmpty() ? "—" : String.format(Locale.ROOT, "%,.0f ms", ms.getAsDouble());
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String stateText(CircuitBreaker.State state) {
        return word(state.name());
    }

    private static String word(String state) {
        return state == null ? "" : state.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
