package io.leadwire.ui;

import io.leadwire.ui.shell.ConsoleWindow;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Opens the console window and blocks until the operator closes it. Starts the FX toolkit with
 * {@link Platform#startup} so the jar's main class need not extend {@code Application}.
 */
public final class ConsoleLauncher {
    private ConsoleLauncher() {
    }

    /**
     * @throws IllegalStateException when the window could not be built (the cause says why)
     */
    public static void launch(ConsoleServices services) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        FxUiExecutor executor = new FxUiExecutor(2);
        Platform.setImplicitExit(false);
        try {
            Platform.startup(() -> {
                try {
                    ConsoleWindow window = ConsoleWindow.create(services, executor);
                    Stage stage = new Stage();
                    stage.setTitle(services.demo().isPresent() ? "Leadwire — demo" : "Leadwire");
                    stage.setScene(window.scene());
                    stage.setMinWidth(900);
                    stage.setMinHeight(560);
                    stage.setOnHidden(e -> {
                        window.close();
                        closed.countDown();
                    });
                    stage.show();
                } catch (RuntimeException e) {
                    failure.set(e);
                    closed.countDown();
                }
            });
            closed.await();
        } finally {
            executor.close();
            Platform.exit();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not open the console window: " + failure.get().getMessage(),
                    failure.get());
        }
    }
}
