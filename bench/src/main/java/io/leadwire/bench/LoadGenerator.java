package io.leadwire.bench;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Posts leads to one intake over a fixed set of keep-alive connections.
 *
 * <p>Open loop: one scheduler thread releases request {@code i} of a step at
 * {@code t0 + i / rate} by the clock, whatever the server is doing; a pool of connection threads
 * (one blocking socket each) sends them. When every connection is busy, requests wait in the
 * queue and that wait is part of their latency, because latency is measured from the intended
 * send time. Closed loop (the max-throughput extra): each connection sends its next lead as soon
 * as the previous one is answered.
 */
final class LoadGenerator implements AutoCloseable {
    private record Job(long intendedNanos, String leadId, int template, StepStats stats) {
    }

    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final int port;
    private final LeadRequests requests;
    private final int timeoutMillis;
    private final Consumer<String> onAck;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(42);
    private final CpuMeter serverCpu;
    private final CpuMeter benchCpu = new CpuMeter(ProcessHandle.current().pid());
    private volatile boolean stopping;
    private volatile boolean aborted;

    /**
     * @param onAck receives the lead id of every 202 answer (for the kill -9 check), or null
     */
    LoadGenerator(int port, long serverPid, LeadRequests requests, int connections, int timeoutMillis,
                  Consumer<String> onAck) {
        this.port = port;
        this.requests = requests;
        this.timeoutMillis = timeoutMillis;
        this.onAck = onAck;
        this.serverCpu = new CpuMeter(serverPid);
        for (int i = 0; i < connections; i++) {
            Thread t = new Thread(this::work, "bench-conn-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    /**
     * Offers {@code rate} leads/s for {@code seconds}, then waits up to {@code drainSeconds} for
     * the answers still outstanding; requests not even sent by then are dropped and reported.
     */
    StepStats openLoop(String label, String idPrefix, int rate, int seconds, int drainSeconds) {
        StepStats s = new StepStats(label, rate, seconds);
        long total = (long) rate * seconds;
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        s.startNanos = t0;
        s.windowEndNanos = t0 + TimeUnit.SECONDS.toNanos(seconds);
        startMeters();
        for (long i = 0; i < total && !aborted; i++) {
            long intended = t0 + i * 1_000_000_000L / rate;
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            queue.add(new Job(intended, idPrefix + i, random.nextInt(requests.poolSize()), s));
            s.scheduled.incrementAndGet();
        }
        finishWindow(s, drainSeconds);
        return s;
    }

    /** Max-throughput extra: every connection sends back-to-back for {@code seconds}. */
    StepStats closedLoop(String label, String idPrefix, int seconds, int drainSeconds) {
        StepStats s = new StepStats(label, 0, seconds);
        s.closedLoop = true;
        s.idPrefix = idPrefix;
        long t0 = System.nanoTime();
        s.startNanos = t0;
        s.windowEndNanos = t0 + TimeUnit.SECONDS.toNanos(seconds);
        startMeters();
        for (int i = 0; i < workers.size(); i++) {
            queue.add(new Job(t0, idPrefix + s.nextId.getAndIncrement(), random.nextInt(requests.poolSize()), s));
            s.scheduled.incrementAndGet();
        }
        finishWindow(s, drainSeconds);
        return s;
    }

    private long machineTicks;
    private long softirqTicks;
    private long machineNanos;

    private void startMeters() {
        serverCpu.start();
        benchCpu.start();
        machineTicks = CpuMeter.machineBusyTicks();
        softirqTicks = CpuMeter.machineSoftirqTicks();
        machineNanos = System.nanoTime();
    }

    /** Sleeps until the machine is quiet apart from server and bench (bounded); returns the other CPU %. */
    double waitForQuiet(double maxOtherPercent, int maxSeconds) throws InterruptedException {
        return CpuMeter.waitForQuiet(maxOtherPercent, maxSeconds, serverCpu, benchCpu);
    }

    private void finishWindow(StepStats s, int drainSeconds) {
        sleepUntil(s.windowEndNanos);
        double seconds = Math.max(1e-3, (System.nanoTime() - machineNanos) / 1e9);
        s.serverCpuPercent = serverCpu.percentSinceStart();
        s.benchCpuPercent = benchCpu.percentSinceStart();
        long machine = CpuMeter.machineBusyTicks() - machineTicks;
        machine += CpuMeter.machineSoftirqTicks() - softirqTicks;
        s.machineCpuPercent = machine / 100.0 / seconds * 100.0;
        s.unansweredAtWindowEnd = s.scheduled.get() - s.completed.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (s.completed.get() < s.scheduled.get() && System.nanoTime() < deadline && !aborted) {
            sleepMillis(10);
        }
        List<Job> left = new ArrayList<>();
        queue.drainTo(left);
        s.abandoned = left.size();
    }

    /** Stops offering load at once (the kill -9 run uses it once the server is dead). */
    void abort() {
        aborted = true;
    }

    private void work() {
        HttpConn conn = null;
        long lastUsed = 0;
        while (!stopping) {
            Job job;
            try {
                job = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) {
                continue;
            }
            StepStats s = job.stats();
            try {
                byte[] request = requests.build(job.template(), job.leadId());
                if (conn != null && System.nanoTime() - lastUsed > MAX_IDLE_NANOS) {
                    // The JDK server drops keep-alive connections idle for 30 s (e.g. while the
                    // bench waited for a quiet machine); a real client reconnects, and so do we.
                    conn.close();
                    conn = null;
                }
                if (conn == null || !conn.isOpen()) {
                    conn = new HttpConn(port, timeoutMillis);
                }
                HttpConn.Response r = conn.exchange(request);
                long done = System.nanoTime();
                lastUsed = done;
                s.answered(job.intendedNanos(), done, r.status());
                if (r.status() == 202 && onAck != null) {
                    onAck.accept(job.leadId());
                }
            } catch (SocketTimeoutException e) {
                conn.close();
                conn = null;
                s.failed("timeout");
            } catch (IOException | RuntimeException e) {
                if (conn != null) {
                    conn.close();
                }
                conn = null;
                s.failed("io");
            }
            if (s.closedLoop && !aborted && System.nanoTime() < s.windowEndNanos) {
                queue.add(new Job(System.nanoTime(), s.idPrefix + s.nextId.getAndIncrement(),
                        ThreadLocalRandom.current().nextInt(requests.poolSize()), s));
                s.scheduled.incrementAndGet();
            }
        }
        if (conn != null) {
            conn.close();
        }
    }

    private void sleepUntil(long nanos) {
        long now;
        while ((now = System.nanoTime()) < nanos && !aborted) {
            LockSupport.parkNanos(Math.min(nanos - now, 50_000_000L));
        }
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        for (Thread t : workers) {
            try {
                t.join(timeoutMillis + 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
