package io.leadwire.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from {@code /proc/PID/stat} (Linux), to show how the two cores were
 * shared between the server and this load generator. 100% = one core fully busy.
 */
final class CpuMeter {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final long pid;
    private long ticks;
    private long nanos;

    CpuMeter(long pid) {
        this.pid = pid;
    }

    void start() {
        ticks = ticks();
        nanos = System.nanoTime();
    }

    /** Percent of one core used since {@link #start}; NaN where /proc is not readable. */
    double percentSinceStart() {
        long t = ticks();
        if (t < 0 || ticks < 0) {
            return Double.NaN;
        }
        double seconds = (System.nanoTime() - nanos) / 1e9;
        return (t - ticks) / TICKS_PER_SECOND / seconds * 100.0;
    }

    private long ticks() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Busy CPU ticks of the whole machine, all cores, from the first line of /proc/stat: user,
     * nice, system, irq and steal. Softirq is left out: loopback TCP is processed there and the
     * kernel charges it to no process, so it would look like another program's load.
     */
    static long machineBusyTicks() {
        return statTicks(1, 2, 3, 6, 8);
    }

    /** Softirq ticks of the whole machine (mostly loopback networking during a run). */
    static long machineSoftirqTicks() {
        return statTicks(7);
    }

    private static long statTicks(int... columns) {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long sum = 0;
            for (int i : columns) {
                sum += Long.parseLong(f[i]);
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Raw CPU ticks of this process so far (for subtracting from the machine's). */
    long processTicks() {
        return ticks();
    }

    /**
     * Waits (at most {@code maxSeconds}) until the machine is nearly idle apart from the given
     * processes, so a burst is not taken while another engineer's build holds the cores.
     *
     * @return the other processes' CPU (% of one core) in the last one-second sample
     */
    static double waitForQuiet(double maxOtherPercent, int maxSeconds, CpuMeter... ours) throws InterruptedException {
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        double other;
        do {
            other = otherPercent(1000, ours);
            if (other <= maxOtherPercent) {
                return other;
            }
        } while (System.nanoTime() < deadline);
        return other;
    }

    private static double otherPercent(long millis, CpuMeter... ours) throws InterruptedException {
        long m0 = machineBusyTicks();
        long o0 = 0;
        for (CpuMeter c : ours) {
            o0 += c.ticks();
        }
        long t0 = System.nanoTime();
        Thread.sleep(millis);
        long m1 = machineBusyTicks();
        long o1 = 0;
        for (CpuMeter c : ours) {
            o1 += c.ticks();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return ((m1 - m0) - (o1 - o0)) / TICKS_PER_SECOND / seconds * 100.0;
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
