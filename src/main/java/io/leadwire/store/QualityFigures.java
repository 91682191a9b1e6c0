package io.leadwire.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The quality stage's counts for one vendor over one time bucket, and the rates dashboards show.
 * Every lead is counted once, by its first decision in the quality stage, in the bucket of the
 * hour it was received; later operator actions (release, reject, link) do not change the counts.
 *
 * @param bucketStart    the bucket's first instant (inclusive)
 * @param bucketEnd      the bucket's end (exclusive)
 * @param decided        leads decided
 * @param duplicates     of those, repeats of an earlier lead (whatever the policy did with them)
 * @param invalidEmail   with an email present but unusable
 * @param invalidPhone   with a phone present but invalid
 * @param geoMismatch    whose IP address lies in another country than the stated one
 * @param scored         leads that got a score (all but those whose judging failed)
 * @param scoreSum       the sum of their scores
 * @param scoreHistogram ten counts: scores 0-9, 10-19, ..., 80-89, 90-100
 */
public record QualityFigures(String vendorId, String vendorName, Instant bucketStart, Instant bucketEnd,
                             long decided, long accepted, long quarantined, long rejected, long duplicates,
                             long invalidEmail, long invalidPhone, long geoMismatch, long scored, long scoreSum,
                             List<Long> scoreHistogram) {
    /** Buckets of the score histogram. */
    public static final int SCORE_BUCKETS = 10;

    public QualityFigures {
        Objects.requireNonNull(vendorId, "vendorId");
        Objects.requireNonNull(bucketStart, "bucketStart");
        Objects.requireNonNull(bucketEnd, "bucketEnd");
        scoreHistogram = List.copyOf(scoreHistogram);
        if (scoreHistogram.size() != SCORE_BUCKETS) {
            throw new IllegalArgumentException("the score histogram has " + SCORE_BUCKETS + " buckets");
        }
    }

    /** The histogram bucket of a score: 0 for 0-9, ..., 9 for 90-100. */
    public static int scoreBucket(int score) {
        return Math.min(SCORE_BUCKETS - 1, Math.max(0, score) / 10);
    }

    /** Validation pass rate: accepted / decided (0 when nothing was decided). */
    public double passRate() {
        return share(accepted);
    }

    public double quarantineRate() {
        return share(quarantined);
    }

    public double rejectRate() {
        return share(rejected);
    }

    /** Duplicates / decided. */
    public double duplicateShare() {
        return share(duplicates);
    }

    public double invalidEmailShare() {
        return share(invalidEmail);
    }

    public double invalidPhoneShare() {
        return share(invalidPhone);
    }

    public double geoMismatchShare() {
        return share(geoMismatch);
    }

    /** The mean score of the scored leads (0 when none was scored). */
    public double meanScore() {
        return scored == 0 ? 0 : (double) scoreSum / scored;
    }

    private double share(long n) {
        return decided == 0 ? 0 : (double) n / decided;
    }

    /** The sum of this and {@code o} (same vendor) over the span of both buckets. */
    public QualityFigures plus(QualityFigures o) {
        if (!vendorId.equals(o.vendorId)) {
            throw new IllegalArgumentException("figures of two vendors cannot be added");
        }
        List<Long> h = new ArrayList<>(SCORE_BUCKETS);
        for (int i = 0; i < SCORE_BUCKETS; i++) {
            h.add(scoreHistogram.get(i) + o.scoreHistogram.get(i));
        }
        return new QualityFigures(vendorId, vendorName,
                bucketStart.isBefore(o.bucketStart) ? bucketStart : o.bucketStart,
                bucketEnd.isAfter(o.bucketEnd) ? bucketEnd : o.bucketEnd,
                decided + o.decided, accepted + o.accepted, quarantined + o.quarantined, rejected + o.rejected,
                duplicates + o.duplicates, invalidEmail + o.invalidEmail, invalidPhone + o.invalidPhone,
                geoMismatch + o.geoMismatch, scored + o.scored, scoreSum + o.scoreSum, h);
    }

    /** The same counts over another span (for re-bucketing). */
    QualityFigures over(Instant start, Instant end) {
        return new QualityFigures(vendorId, vendorName, start, end, decided, accepted, quarantined, rejected,
                duplicates, invalidEmail, invalidPhone, geoMismatch, scored, scoreSum, scoreHistogram);
    }
}
