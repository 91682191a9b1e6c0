package io.leadwire.ui.shell;

import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.FxEventBridge;
import io.leadwire.ui.UiExecutor;
import io.leadwire.ui.alerts.AlertToasts;
import io.leadwire.ui.alerts.AlertsView;
import io.leadwire.ui.alerts.AlertsViewModel;
import io.leadwire.ui.buyers.BuyersView;
import io.leadwire.ui.buyers.BuyersViewModel;
import io.leadwire.ui.dashboards.DashboardsView;
import io.leadwire.ui.dashboards.DashboardsViewModel;
import io.leadwire.ui.deadletter.DeadLetterView;
import io.leadwire.ui.deadletter.DeadLetterViewModel;
import io.leadwire.ui.designer.DesignerView;
import io.leadwire.ui.designer.DesignerViewModel;
import io.leadwire.ui.live.LiveFeedView;
import io.leadwire.ui.live.LiveFeedViewModel;
import io.leadwire.ui.settings.SettingsView;
import io.leadwire.ui.settings.SettingsViewModel;
import io.leadwire.ui.quarantine.QuarantineView;
import io.leadwire.ui.quarantine.QuarantineViewModel;
import io.leadwire.ui.vendors.VendorsView;
import io.leadwire.ui.vendors.VendorsViewModel;
import java.util.EnumMap;
import java.util.Map;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;

/**
 * Builds the whole console scene from the engine's services: the one place the ViewModels,
 * views, event bridge and the once-a-second status timer are wired. The launcher, the TestFX
 * tests and the screenshot renderer all use it. Call on the FX thread.
 */
public final class ConsoleWindow implements AutoCloseable {
    public static final double WIDTH = 1280;
    public static final double HEIGHT = 800;

    private final FxEventBridge bridge;
    private final Timeline ticker;
    private final Scene scene;
    private final ShellViewModel shell;
    private final LiveFeedViewModel liveFeed;
    private final VendorsViewModel vendors;
    private DesignerViewModel designer;
    private SettingsViewModel settings;
    private QuarantineViewModel quarantine;
    private BuyersViewModel buyers;
    private DeadLetterViewModel deadLetters;
    private AlertsViewModel alerts;
    private DashboardsViewModel dashboards;

    private ConsoleWindow(FxEventBridge bridge, Timeline ticker, Scene scene, ShellViewModel shell,
                          LiveFeedViewModel liveFeed, VendorsViewModel vendors) {
        this.bridge = bridge;
        this.ticker = ticker;
        this.scene = scene;
        this.shell = shell;
        this.liveFeed = liveFeed;
        this.vendors = vendors;
    }

    public static ConsoleWindow create(ConsoleServices services, UiExecutor executor) {
        FxEventBridge bridge = new FxEventBridge(services.events(), Platform::runLater);
        ShellViewModel shell = new ShellViewModel(services, executor);
        LiveFeedViewModel liveFeed = new LiveFeedViewModel(services, executor);
        VendorsViewModel vendors = new VendorsViewModel(services, executor);
        shell.attach(bridge);
        liveFeed.attach(bridge);
        vendors.attach(bridge);

        Map<Screen, Parent> screens = new EnumMap<>(Screen.class);
        screens.put(Screen.LIVE_FEED, LiveFeedView.create(liveFeed));
        screens.put(Screen.VENDORS, VendorsView.create(vendors));
        BuyersViewModel buyers = new BuyersViewModel(services, executor, System.getProperty("user.name", "operator"));
        buyers.attach(bridge);
        screens.put(Screen.BUYERS, BuyersView.create(buyers));
        DesignerViewModel designer = new DesignerViewModel(services, executor);
        screens.put(Screen.DESIGNER, DesignerView.create(designer));
        SettingsViewModel settings = new SettingsViewModel(services, executor, System.getProperty("user.name", "operator"));
        screens.put(Screen.SETTINGS, SettingsView.create(settings));
        QuarantineViewModel quarantine = new QuarantineViewModel(services, executor);
        quarantine.attach(bridge);
        screens.put(Screen.QUARANTINE, QuarantineView.create(quarantine));
        DeadLetterViewModel deadLetters = new DeadLetterViewModel(services, executor);
        deadLetters.attach(bridge);
        screens.put(Screen.DEAD_LETTERS, DeadLetterView.create(deadLetters));
        DashboardsViewModel dashboards = new DashboardsViewModel(services, executor);
        dashboards.shownProperty().bind(shell.screenProperty().isEqualTo(Screen.DASHBOARDS));
        screens.put(Screen.DASHBOARDS, DashboardsView.create(dashboards));
        AlertsViewModel alerts = new AlertsViewModel(services, executor, System.getProperty("user.name", "operator"));
        screens.put(Screen.ALERTS, AlertsView.create(alerts));
        // Alert notifications float over every screen, drawn in the window itself.
        Parent frame = ShellView.create(shell, screens);
        StackPane root = new StackPane(frame, AlertToasts.create(alerts, item -> {
            shell.screenProperty().set(Screen.ALERTS);
            alerts.reveal(item.id());
        }, Duration.seconds(12)));
        // Dialogs take their styles from the scene's root, which the frame's were before.
        root.getStylesheets().setAll(frame.getStylesheets());
        Scene scene = new Scene(root, WIDTH, HEIGHT);

        Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> {
            shell.refreshStatus();
            vendors.tick();
            settings.tick();
            quarantine.tick();
            buyers.tick();
            deadLetters.tick();
            alerts.tick();
            dashboards.tick();
        }));
        ticker.setCycleCount(Animation.INDEFINITE);

        liveFeed.start();
        vendors.refresh();
        shell.refreshStatus();
        bridge.start();
        designer.start();
        ticker.play();
        quarantine.start();
        buyers.start();
        deadLetters.start();
        alerts.start();
        ConsoleWindow window = new ConsoleWindow(bridge, ticker, scene, shell, liveFeed, vendors);
        window.designer = designer;
        window.settings = settings;
        window.quarantine = quarantine;
        window.buyers = buyers;
        window.deadLetters = deadLetters;
        window.alerts = alerts;
        window.dashboards = dashboards;
        return window;
    }

    public Scene scene() {
        return scene;
    }

    public ShellViewModel shell() {
        return shell;
    }

    public LiveFeedViewModel liveFeed() {
        return liveFeed;
    }

    public VendorsViewModel vendors() {
        return vendors;
    }

    public DesignerViewModel designer() {
        return designer;
    }

    public SettingsViewModel settings() {
        return settings;
    }

    public QuarantineViewModel quarantine() {
        return quarantine;
    }

    public BuyersViewModel buyers() {
        return buyers;
    }

    public DeadLetterViewModel deadLetters() {
        return deadLetters;
    }

    public AlertsViewModel alerts() {
        return alerts;
    }

    public DashboardsViewModel dashboards() {
        return dashboards;
    }

    /** Stops the timer and the event subscription; call on the FX thread. */
    @Override
    public void close() {
        ticker.stop();
        bridge.close();
    }
}
