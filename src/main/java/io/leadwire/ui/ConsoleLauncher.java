package io.leadwire.ui;

import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** Opens the console window and blocks until the operator closes it. */
public final class ConsoleLauncher {
    private ConsoleLauncher() {
    }

    public static void launch(ConsoleServices services) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Platform.setImplicitExit(false);
        Platform.startup(() -> {
            Stage stage = new Stage();
            stage.setTitle("Leadwire");
            stage.setScene(new Scene(new Label("Leadwire — intake at " + services.intakeUrl().get()), 900, 600));
            stage.setOnHidden(e -> closed.countDown());
            stage.show();
        });
        closed.await();
        Platform.exit();
    }
}
