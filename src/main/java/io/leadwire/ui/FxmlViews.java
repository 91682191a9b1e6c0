package io.leadwire.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/** Loads a view's FXML with a ready-made controller (its ViewModel injected) and its stylesheet. */
public final class FxmlViews {
    private FxmlViews() {
    }

    public static Parent load(String fxml, String css, Object controller) {
        URL url = FxmlViews.class.getResource(fxml);
        if (url == null) {
            throw new IllegalStateException("missing view " + fxml);
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setControllerFactory(type -> {
            if (type.isInstance(controller)) {
                return controller;
            }
            throw new IllegalStateException(fxml + " asks for controller " + type.getName());
        });
        try {
            Parent root = loader.load();
            if (css != null) {
                root.getStylesheets().add(resource(css));
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("could not load " + fxml, e);
        }
    }

    public static String resource(String path) {
        URL url = FxmlViews.class.getResource(path);
        if (url == null) {
            throw new IllegalStateException("missing resource " + path);
        }
        return url.toExternalForm();
    }
}
