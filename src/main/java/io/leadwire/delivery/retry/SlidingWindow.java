package io.leadwire.delivery.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Calls and failures over the last {@code window}, in a ring of at most {@link #MAX_BUCKETS}
 * buckets (one a second up to a 10-minute window, wider beyond), so memory is fixed whatever the
 * call rate. The window slides a bucket at a time: a call counts while it lies in the current
 * bucket or the {@code buckets - 1} before it, i.e. for between {@code window - bucket} and
 * {@code window}. Not thread-safe; the breaker guards it.
 */
final class SlidingWindow {
    static final int MAX_BUCKETS = 600;
    private static final long EMPTY = Long.MIN_VALUE;

    /** Counts in the window at one instant. */
    record Counts(int calls, int failures) {
        double failureRate() {
            return calls == 0 ? 0.0 : (double) failures / calls;
        }
    }

    private final Duration window;
    private final long bucketMillis;
    /** The bucket number ({@code epochMilli / bucketMillis}) each slot holds, or {@link #EMPTY}. */
    private final long[] bucketOf;
    private final int[] calls;
    private final int[] failures;

    SlidingWindow(Duration window) {
        this.window = window;
        long millis = Math.max(1, window.toMillis());
        int buckets = (int) Math.min(MAX_BUCKETS, Math.max(1, (millis + 999) / 1000));
        this.bucketMillis = (millis + buckets - 1) / buckets;
        this.bucketOf = new long[buckets];
        this.calls = new int[buckets];
        this.failures = new int[buckets];
        clear();
    }

    Duration window() {
        return window;
    }

    void record(Instant at, boolean failure) {
        add(Math.floorDiv(at.toEpochMilli(), bucketMillis), 1, failure ? 1 : 0);
    }

    Counts counts(Instant now) {
        long current = Math.floorDiv(now.toEpochMilli(), bucketMillis);
        long oldest = current - bucketOf.length + 1;
        int c = 0;
        int f = 0;
        for (int i = 0; i < bucketOf.length; i++) {
            if (bucketOf[i] >= oldest && bucketOf[i] <= current) {
                c += calls[i];
                f += failures[i];
            }
        }
        return new Counts(c, f);
    }

    void clear() {
        Arrays.fill(bucketOf, EMPTY);
        Arrays.fill(calls, 0);
        Arrays.fill(failures, 0);
    }

    /** A window of another length holding this one's counts, each at the start of its bucket. */
    SlidingWindow resized(Duration newWindow) {
        SlidingWindow w = new SlidingWindow(newWindow);
        for (int i = 0; i < bucketOf.length; i++) {
            if (bucketOf[i] != EMPTY) {
                w.add(Math.floorDiv(bucketOf[i] * bucketMillis, w.bucketMillis), calls[i], failures[i]);
            }
        }
        return w;
    }

    private void add(long bucket, int c, int f) {
        int slot = (int) Math.floorMod(bucket, (long) bucketOf.length);
        if (bucketOf[slot] > bucket) {
            // The slot already holds a later bucket: this one is older than the ring reaches
            // (a clock that stepped back, or a carried-over count), so it is outside the window.
            return;
        }
        if (bucketOf[slot] != bucket) {
            bucketOf[slot] = bucket;
            calls[slot] = 0;
            failures[slot] = 0;
        }
        calls[slot] += c;
        failures[slot] += f;
    }
}
