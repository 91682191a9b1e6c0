package io.leadwire.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Database and service calls on a small worker pool; results delivered on the FX thread. */
public final class FxUiExecutor implements UiExecutor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FxUiExecutor.class);
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService workers;

    public FxUiExecutor(int poolSize) {
        workers = Executors.newFixedThreadPool(poolSize, r -> {
            Thread t = new Thread(r, "console-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        try {
            workers.execute(() -> {
                try {
                    T result = work.call();
                    Platform.runLater(() -> onSuccess.accept(result));
                } catch (Exception | Error e) {
                    LOG.warn("console background task failed", e);
                    Platform.runLater(() -> onFailure.accept(e));
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("console is closing; task dropped");
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
