package io.leadwire.ui.alerts;

import io.leadwire.ui.FxmlViews;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * Notifications of alerts that open while the console runs: cards in the window's lower right
 * corner (drawn in the scene, so they need no desktop notification service and show under
 * headless tests too), each with "Show" to jump to the alert and a close button, gone by
 * themselves after a while. At most {@value #MAX_SHOWN} at once; older ones make room.
 */
public final class AlertToasts {
    static final int MAX_SHOWN = 3;
    private static final PseudoClass CRITICAL = PseudoClass.getPseudoClass("critical");

    private AlertToasts() {
    }

    /**
     * The layer to stack over the window's content.
     *
     * @param show     opens the Alerts screen at the given alert
     * @param lifetime how long a card stays unless closed
     */
    public static Node create(AlertsViewModel viewModel, java.util.function.Consumer<AlertItem> show,
                              Duration lifetime) {
        VBox stack = new VBox();
        stack.setId("alert-toasts");
        stack.getStyleClass().add("alert-toasts");
        stack.setAlignment(Pos.BOTTOM_RIGHT);
        stack.setPickOnBounds(false);
        stack.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        StackPane.setAlignment(stack, Pos.BOTTOM_RIGHT);
        stack.getStylesheets().add(FxmlViews.resource("/css/alerts.css"));
        viewModel.notifications().addListener((ListChangeListener<AlertItem>) c -> {
            while (c.next()) {
                for (AlertItem gone : c.getRemoved()) {
                    stack.getChildren().removeIf(n -> n.getUserData() == gone);
                }
                for (AlertItem item : c.getAddedSubList()) {
                    stack.getChildren().add(card(viewModel, item, show, lifetime));
                }
            }
            while (stack.getChildren().size() > MAX_SHOWN) {
                viewModel.dismissNotification((AlertItem) stack.getChildren().get(0).getUserData());
            }
        });
        return stack;
    }

    private static Node card(AlertsViewModel viewModel, AlertItem item, java.util.function.Consumer<AlertItem> show,
                             Duration lifetime) {
        Label title = new Label(item.ruleTitle() + " — " + item.subject());
        title.getStyleClass().add("toast-title");
        Label severity = new Label(item.severity());
        severity.getStyleClass().add("severity-chip");
        severity.pseudoClassStateChanged(CRITICAL, "critical".equals(item.severity()));
        severity.pseudoClassStateChanged(PseudoClass.getPseudoClass("warning"), "warning".equals(item.severity()));
        Region grow = new Region();
        HBox.setHgrow(grow, javafx.scene.layout.Priority.ALWAYS);
        Button close = new Button("×");
        close.getStyleClass().addAll("flat", "toast-close");
        close.setOnAction(e -> viewModel.dismissNotification(item));
        HBox top = new HBox(severity, title, grow, close);
        top.getStyleClass().add("toast-top");
        Label message = new Label(item.message());
        message.setWrapText(true);
        message.getStyleClass().add("toast-message");
        Button open = new Button("Show");
        open.getStyleClass().add("toast-show");
        open.setOnAction(e -> {
            viewModel.dismissNotification(item);
            show.accept(item);
        });
        HBox actions = new HBox(new Label("Alert opened " + item.firstSeen()), new Region(), open);
        HBox.setHgrow(actions.getChildren().get(1), javafx.scene.layout.Priority.ALWAYS);
        actions.getStyleClass().add("toast-actions");
        VBox card = new VBox(top, message, actions);
        card.getStyleClass().add("alert-toast");
        card.pseudoClassStateChanged(CRITICAL, "critical".equals(item.severity()));
        card.setUserData(item);
        card.setPrefWidth(380);
        card.setMaxWidth(380);
        PauseTransition life = new PauseTransition(lifetime);
        life.setOnFinished(e -> viewModel.dismissNotification(item));
        life.play();
        return card;
    }
}
