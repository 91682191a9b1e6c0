package io.leadwire.ui;

import io.leadwire.ui.shell.ConsoleWindow;
import java.util.concurrent.TimeoutException;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Shows the real console window on TestFX's stage at its normal size, and takes it down again. */
public final class ConsoleStage {
    private ConsoleStage() {
    }

    /** Builds the console on the FX thread, shows it at 1280×800 and waits until it has been laid out. */
    public static ConsoleWindow show(ConsoleServices services, UiExecutor executor) throws TimeoutException {
        ConsoleWindow[] window = new ConsoleWindow[1];
        FxToolkit.setupStage(stage -> {
            window[0] = ConsoleWindow.create(services, executor);
            stage.setScene(window[0].scene());
            stage.setWidth(ConsoleWindow.WIDTH);
            stage.setHeight(ConsoleWindow.HEIGHT);
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return window[0];
    }

    /** Closes the window (stopping its timers and subscriptions) and clears the stage. */
    public static void close(ConsoleWindow window) throws TimeoutException {
        if (window != null) {
            FxToolkit.setupFixture(window::close);
        }
        FxToolkit.cleanupStages();
    }
}
