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

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
