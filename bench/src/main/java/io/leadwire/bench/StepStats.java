package io.leadwire.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one load step saw. Ack latency is recorded in microseconds for 202 answers only, from
 * the request's <em>intended</em> send time (open loop), so time spent queued behind a slow
 * server counts: no coordinated omission.
 */
final class StepStats {
    final String label;
    final int offeredRate;
    final int seconds;
    final Histogram ackMicros = new ConcurrentHistogram(60_000_000L, 3);
    final LongAdder acked = new LongAdder();
    final LongAdder ackedInWindow = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final AtomicLong scheduled = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong nextId = new AtomicLong();
    volatile long startNanos;
    volatile long windowEndNanos;
    volatile boolean closedLoop;
    volatile String idPrefix;
    long unansweredAtWindowEnd;
    long abandoned;
    double serverCpuPercent = Double.NaN;
    double benchCpuPercent = Double.NaN;
    /** All processes and the kernel together (200% = both cores of this machine busy). */
    double machineCpuPercent = Double.NaN;
    double quietBefore = Double.NaN;

    StepStats(String label, int offeredRate, int seconds) {
        this.label = label;
        this.offeredRate = offeredRate;
        this.seconds = seconds;
    }

    void answered(long intendedNanos, long doneNanos, int status) {
        if (status == 202) {
            acked.increment();
            if (doneNanos <= windowEndNanos) {
                ackedInWindow.increment();
            }
            ackMicros.recordValue(Math.max(0, (doneNanos - intendedNanos) / 1_000));
        } else if (status == 200) {
            duplicates.increment();
        } else {
            error(Integer.toString(status));
        }
        completed.incrementAndGet();
    }

    void failed(String kind) {
        error(kind);
        completed.incrementAndGet();
    }

    private void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    String errorSummary() {
        if (errors.isEmpty() && abandoned == 0) {
            return "-";
        }
        Map<String, Long> sorted = new TreeMap<>();
        errors.forEach((k, v) -> sorted.put(k, v.sum()));
        if (abandoned > 0) {
            sorted.put("never-sent", abandoned);
        }
        StringBuilder b = new StringBuilder();
        sorted.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append(':').append(v));
        return b.toString();
    }

    /** Acknowledged leads per second over the step's window (answers after the window excluded). */
    double ackedPerSecond() {
        return ackedInWindow.sum() / (double) seconds;
    }

    static String ms(long micros) {
        return String.format(java.util.Locale.ROOT, "%.2f", micros / 1000.0);
    }

    static String header() {
        return "| step | offered/s | sent | acked 202 | acked/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | late | "
                + "server CPU | bench CPU | machine CPU |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|";
    }

    String row() {
        Histogram h = ackMicros;
        boolean any = h.getTotalCount() > 0;
        return String.format(java.util.Locale.ROOT,
                "| %s | %s | %d | %d | %.0f | %s | %s | %s | %s | %s | %d | %.0f%% | %.0f%% | %.0f%% |",
                label, closedLoop ? "closed" : Integer.toString(offeredRate), scheduled.get() - abandoned, acked.sum(),
                ackedPerSecond(),
                any ? ms(h.getValueAtPercentile(50)) : "-", any ? ms(h.getValueAtPercentile(99)) : "-",
                any ? ms(h.getValueAtPercentile(99.9)) : "-", any ? ms(h.getMaxValue()) : "-",
                errorSummary(), unansweredAtWindowEnd, serverCpuPercent, benchCpuPercent, machineCpuPercent);
    }
}
