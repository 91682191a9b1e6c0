package io.leadwire.metrics;

import io.leadwire.store.FiguresRepository;
import io.leadwire.store.FiguresRepository.Grain;
import io.leadwire.store.FiguresRepository.Subject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Reads the performance figures for dashboards and alert rules: the series of vendors, buyers or
 * the whole intake over a range, in the grain that suits the range's length.
 */
public final class Figures {
    private final FiguresRepository repository;
    private final Clock clock;

    public Figures(FiguresRepository repository, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A time range {@code [from, to)}. */
    public record Range(Instant from, Instant to) {
        public Range {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("a range must start before it ends");
            }
        }

        /** The last {@code length} up to now (to the end of the current minute, so it is included). */
        public static Range last(Duration length, Clock clock) {
            Instant end = Grain.MINUTE.floor(clock.instant()).plus(Duration.ofMinutes(1));
            return new Range(end.minus(length), end);
        }

        public Duration length() {
            return Duration.between(from, to);
        }

        public Grain grain() {
            return Grain.forRange(length());
        }
    }

    public Clock clock() {
        return clock;
    }

    /** Vendors' figures (all vendors when {@code vendorIds} is empty). */
    public FigureSeries vendors(Collection<String> vendorIds, Range range) {
        return read(Subject.VENDOR, vendorIds, range, range.grain());
    }

    /** Buyers' figures (all buyers when {@code buyerIds} is empty). */
    public FigureSeries buyers(Collection<String> buyerIds, Range range) {
        return read(Subject.BUYER, buyerIds, range, range.grain());
    }

    /** The whole intake: received and refused, including requests no vendor could be told from. */
    public FigureSeries intake(Range range) {
        return read(Subject.TOTAL, List.of(FiguresRepository.ALL), range, range.grain());
    }

    /** Any subject in a chosen grain (alert rules read minutes over a day). */
    public FigureSeries read(Subject subject, Collection<String> ids, Range range, Grain grain) {
        return new FigureSeries(grain, range.from(), range.to(),
                repository.rows(subject, ids, grain, grain.floor(range.from()), range.to(), List.of()));
    }

    /**
     * Only the named metrics of a subject in a chosen grain: alert rules read a day of minute
     * buckets every half minute, and one or two metrics of it are a small fraction of the rows.
     */
    public FigureSeries read(Subject subject, Collection<String> ids, Range range, Grain grain,
                             Collection<String> metrics) {
        return new FigureSeries(grain, range.from(), range.to(),
                repository.rows(subject, ids, grain, grain.floor(range.from()), range.to(), List.copyOf(metrics)));
    }

    /** Breaker transitions in the range (every buyer's when {@code buyerIds} is empty). */
    public List<FiguresRepository.BreakerRow> breakerTimeline(Collection<String> buyerIds, Range range) {
        return repository.breakerEvents(buyerIds, range.from(), range.to());
    }
}
