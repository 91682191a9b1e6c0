package io.leadwire.ui;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Holds submitted work until the test runs it: shows what happens while a query is in flight. */
public final class QueuedUiExecutor implements UiExecutor {
    private final Deque<Runnable> queue = new ArrayDeque<>();

    @Override
    public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        queue.add(() -> new CurrentThreadUiExecutor().submit(work, onSuccess, onFailure));
    }

    public int pending() {
        return queue.size();
    }

    /** Runs the oldest task (and its callback, which may queue more). */
    public void runNext() {
        queue.removeFirst().run();
    }

    public void runAll() {
        while (!queue.isEmpty()) {
            runNext();
        }
    }
}
