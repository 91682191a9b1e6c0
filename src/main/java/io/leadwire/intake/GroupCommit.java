package io.leadwire.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread takes whatever requests have queued up while the previous
 * commit ran and writes them as one transaction. Under load a commit carries many items; when
 * idle, an item is written at once, alone. Each caller waits on its own future, which completes
 * only after the commit that holds its item.
 *
 * @param <T> the item written
 * @param <R> the per-item result of the write
 */
public final class GroupCommit<T, R> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending<T, R>(T item, CompletableFuture<R> result) {
    }

    private final BlockingQueue<Pending<T, R>> queue;
    private final Function<List<T>, List<R>> writer;
    private final int maxBatch;
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * @param writer   writes a batch in one transaction and returns one result per item, in order;
     *                 if it throws, every item of the batch fails with that exception
     * @param maxBatch the most items in one transaction
     * @param capacity the most items waiting; beyond it {@link #submit} fails fast
     */
    public GroupCommit(String name, Function<List<T>, List<R>> writer, int maxBatch, int capacity) {
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(false);
        this.thread.start();
    }

    /** Queues an item; the future completes after its commit (or fails if the write or queue did). */
    public CompletableFuture<R> submit(T item) {
        CompletableFuture<R> f = new CompletableFuture<>();
        if (stopping) {
            f.completeExceptionally(new IllegalStateException("writer is stopping"));
        } else if (!queue.offer(new Pending<>(item, f))) {
            f.completeExceptionally(new IllegalStateException("write queue is full"));
        }
        return f;
    }

    /** Items waiting for a commit. */
    public int backlog() {
        return queue.size();
    }

    private void run() {
        List<Pending<T, R>> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Pending<T, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(new IllegalStateException("writer interrupted"));
                return;
            }
        }
    }

    private void write(List<Pending<T, R>> batch) {
        List<T> items = new ArrayList<>(batch.size());
        for (Pending<T, R> p : batch) {
            items.add(p.item());
        }
        try {
            List<R> results = writer.apply(items);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException | Error e) {
            // An Error too: if it killed this thread, every later item would wait forever and the
            // intake would answer nothing but timeouts while still looking healthy.
            LOG.error("group commit of {} items failed: {}", batch.size(), e.toString());
            for (Pending<T, R> p : batch) {
                p.result().completeExceptionally(e);
            }
        }
    }

    private void failAll(RuntimeException e) {
        Pending<T, R> p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(e);
        }
    }

    /** Stops taking items, writes everything already queued, then returns. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * {@link #close()} waiting at most {@code wait} for the queue to be written; items still
     * queued after that fail (their callers never acknowledged them).
     */
    public void close(Duration wait) {
        stopping = true;
        try {
            thread.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(new IllegalStateException("writer stopped"));
    }
}
