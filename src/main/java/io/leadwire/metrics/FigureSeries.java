package io.leadwire.metrics;

import io.leadwire.store.FiguresRepository;
import io.leadwire.store.FiguresRepository.FigureRow;
import io.leadwire.store.FiguresRepository.Grain;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The figures of some vendors or buyers over a time range, as read from the buckets: totals,
 * per-bucket points for charts (every bucket of the range, zero where nothing happened), sums by
 * metric prefix (errors by class) and latency percentiles estimated from the latency bins.
 * Immutable; {@code subject == null} in a method means "all subjects together".
 */
public final class FigureSeries {
    private final Grain grain;
    private final Instant from;
    private final Instant to;
    /** subject id → bucket start → metric → amount. */
    private final Map<String, NavigableMap<Instant, Map<String, BigDecimal>>> data = new HashMap<>();

    public FigureSeries(Grain grain, Instant from, Instant to, Collection<FigureRow> rows) {
        this.grain = grain;
        this.from = grain.floor(from);
        this.to = to;
        for (FigureRow r : rows) {
            data.computeIfAbsent(r.subjectId(), k -> new TreeMap<>())
                    .computeIfAbsent(r.bucket(), k -> new HashMap<>())
                    .merge(r.metric(), r.amount(), BigDecimal::add);
        }
    }

    public Grain grain() {
        return grain;
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    /** The subjects that have any figure in the range. */
    public Set<String> subjects() {
        return new TreeSet<>(data.keySet());
    }

    /** The sum of a metric over the range. */
    public BigDecimal total(String subject, String metric) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map<String, BigDecimal> bucket : buckets(subject)) {
            BigDecimal v = bucket.get(metric);
            if (v != null) {
                sum = sum.add(v);
            }
        }
        return sum;
    }

    /** {@link #total} as a whole number (for counts). */
    public long count(String subject, String metric) {
        return total(subject, metric).longValue();
    }

    /** Sums of every metric starting with {@code prefix}, keyed by the rest of its name (e.g. errors by class). */
    public Map<String, Long> countsByPrefix(String subject, String prefix) {
        Map<String, Long> out = new TreeMap<>();
        for (Map<String, BigDecimal> bucket : buckets(subject)) {
            bucket.forEach((m, v) -> {
                if (m.startsWith(prefix)) {
                    out.merge(m.substring(prefix.length()), v.longValue(), Long::sum);
                }
            });
        }
        return out;
    }

    /** One point per bucket of the range, oldest first, zero where nothing was counted. */
    public NavigableMap<Instant, BigDecimal> points(String subject, String metric) {
        NavigableMap<Instant, BigDecimal> out = new TreeMap<>();
        for (Instant b = from; b.isBefore(to); b = b.plus(grain.size())) {
            out.put(b, BigDecimal.ZERO);
        }
        for (NavigableMap<Instant, Map<String, BigDecimal>> series : series(subject)) {
            series.forEach((b, metrics) -> {
                BigDecimal v = metrics.get(metric);
                if (v != null) {
                    out.merge(b, v, BigDecimal::add);
                }
            });
        }
        return out;
    }

    /** {@code numerator / denominator} over the range, or empty when the denominator is zero. */
    public OptionalDouble ratio(String subject, String numerator, String denominator) {
        return ratio(total(subject, numerator), total(subject, denominator));
    }

    public static OptionalDouble ratio(BigDecimal numerator, BigDecimal denominator) {
        return denominator.signum() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(numerator.doubleValue() / denominator.doubleValue());
    }

    /** The latency bin counts over the range (index = bin). */
    public long[] latencyBins(String subject) {
        long[] bins = new long[FiguresRepository.LATENCY_BOUNDS_MS.length + 1];
        for (Map<String, BigDecimal> bucket : buckets(subject)) {
            for (int i = 0; i < bins.length; i++) {
                BigDecimal v = bucket.get(FiguresRepository.latencyMetric(i));
                if (v != null) {
                    bins[i] += v.longValue();
                }
            }
        }
        return bins;
    }

    /**
     * The {@code p}-quantile (0..1) of latency in ms, estimated by linear interpolation inside
     * the bin it falls in; empty when no latency was counted.
     */
    public OptionalDouble latencyPercentile(String subject, double p) {
        return percentile(latencyBins(subject), p);
    }

    /** {@link #latencyPercentile} from bins already summed (several quantiles of one subject read them once). */
    public static OptionalDouble percentile(long[] bins, double p) {
        long n = 0;
        for (long b : bins) {
            n += b;
        }
        if (n == 0) {
            return OptionalDouble.empty();
        }
        long[] bounds = FiguresRepository.LATENCY_BOUNDS_MS;
        double target = Math.max(1, Math.ceil(p * n));
        long before = 0;
        for (int i = 0; i < bins.length; i++) {
            if (before + bins[i] >= target) {
                double lower = i == 0 ? 0 : bounds[i - 1];
                double upper = i < bounds.length ? bounds[i] : lower * 2;
                return OptionalDouble.of(lower + (upper - lower) * (target - before) / bins[i]);
            }
            before += bins[i];
        }
        return OptionalDouble.of(bounds[bounds.length - 1] * 2.0);
    }

    private Collection<NavigableMap<Instant, Map<String, BigDecimal>>> series(String subject) {
        if (subject == null) {
            return data.values();
        }
        NavigableMap<Instant, Map<String, BigDecimal>> one = data.get(subject);
        return one == null ? java.util.List.of() : java.util.List.of(one);
    }

    private Iterable<Map<String, BigDecimal>> buckets(String subject) {
        java.util.List<Map<String, BigDecimal>> out = new java.util.ArrayList<>();
        for (NavigableMap<Instant, Map<String, BigDecimal>> s : series(subject)) {
            out.addAll(s.values());
        }
        return out;
    }
}
