package io.leadwire.ui.shell;

import io.leadwire.lead.EngineState;
import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.ConsoleSettings;
import io.leadwire.ui.FxEventBridge;
import io.leadwire.ui.UiExecutor;
import io.leadwire.ui.UserMessages;
import java.time.Duration;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/** The window around the screens: navigation, theme, and the status bar's live numbers. */
public final class ShellViewModel {
    private static final Duration LEADS_PER_MINUTE_WINDOW = Duration.ofSeconds(60);
    static final double MAX_DEMO_RATE = 500;

    private final ConsoleServices services;
    private final UiExecutor executor;
    private final ConsoleSettings settings;

    private final ObjectProperty<Screen> screen = new SimpleObjectProperty<>(this, "screen", Screen.LIVE_FEED);
    private final BooleanProperty darkTheme = new SimpleBooleanProperty(this, "darkTheme", false);
    private final ReadOnlyStringWrapper intakeUrl = new ReadOnlyStringWrapper(this, "intakeUrl", "");
    private final ReadOnlyStringWrapper leadsPerMinute = new ReadOnlyStringWrapper(this, "leadsPerMinute",
            "– leads/min");
    private final ReadOnlyObjectWrapper<EngineState> engineState = new ReadOnlyObjectWrapper<>(this,
            "engineState", EngineState.STARTING);
    private final ReadOnlyStringWrapper engineStateText = new ReadOnlyStringWrapper(this, "engineStateText", "");
    private final ReadOnlyStringWrapper statusError = new ReadOnlyStringWrapper(this, "statusError", "");
    private final ReadOnlyBooleanWrapper demoAvailable = new ReadOnlyBooleanWrapper(this, "demoAvailable", false);
    private final DoubleProperty demoPosition = new SimpleDoubleProperty(this, "demoPosition", 0);
    private final ReadOnlyStringWrapper demoRateText = new ReadOnlyStringWrapper(this, "demoRateText", "");
    private boolean countInFlight;

    public ShellViewModel(ConsoleServices services, UiExecutor executor) {
        this.services = services;
        this.executor = executor;
        this.settings = new ConsoleSettings(services.settingsFile());
        darkTheme.set(settings.darkTheme());
        darkTheme.addListener((o, a, dark) -> executor.submit(() -> {
            settings.setDarkTheme(dark);
            return dark;
        }, d -> { }, e -> statusError.set(UserMessages.describe("remember the theme", e))));
        intakeUrl.set(services.intakeUrl().get());
        setEngineState(services.engineState().get());
        services.demo().ifPresent(demo -> {
            demoAvailable.set(true);
            demoPosition.set(positionOf(demo.rate()));
            demoRateText.set(rateText(demo.rate()));
            demoPosition.addListener((o, a, position) -> {
                demo.setRate(rateAt(position.doubleValue()));
                demoRateText.set(rateText(demo.rate()));
            });
        });
    }

    public void attach(FxEventBridge bridge) {
        bridge.addListener(batch -> {
            if (batch.engineState() != null) {
                setEngineState(batch.engineState());
            }
        });
    }

    /** Re-counts the leads of the last minute; called about once a second. */
    public void refreshStatus() {
        setEngineState(services.engineState().get());
        if (countInFlight) {
            return;
        }
        countInFlight = true;
        executor.submit(() -> services.leads().countSince(services.clock().instant().minus(LEADS_PER_MINUTE_WINDOW)),
                n -> {
                    countInFlight = false;
                    statusError.set("");
                    leadsPerMinute.set(String.format("%,d leads/min", n));
                }, e -> {
                    countInFlight = false;
                    statusError.set(UserMessages.describe("count recent leads", e));
                });
    }

    private void setEngineState(EngineState state) {
        engineState.set(state);
        engineStateText.set(state.name().charAt(0) + state.name().substring(1).toLowerCase(Locale.ROOT));
    }

    /**
     * The slider runs 0..1 on a square scale, so the low rates a demo mostly uses get most of
     * its travel and 500 leads/s is still in reach.
     */
    static double rateAt(double position) {
        double p = Math.max(0, Math.min(1, position));
        return Math.round(MAX_DEMO_RATE * p * p);
    }

    static double positionOf(double rate) {
        return Math.sqrt(Math.max(0, Math.min(MAX_DEMO_RATE, rate)) / MAX_DEMO_RATE);
    }

    private static String rateText(double rate) {
        return String.format("%.0f leads/s", rate);
    }

    public ObjectProperty<Screen> screenProperty() {
        return screen;
    }

    public Screen getScreen() {
        return screen.get();
    }

    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    public boolean isDarkTheme() {
        return darkTheme.get();
    }

    public ReadOnlyStringProperty intakeUrlProperty() {
        return intakeUrl.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty leadsPerMinuteProperty() {
        return leadsPerMinute.getReadOnlyProperty();
    }

    public String getLeadsPerMinute() {
        return leadsPerMinute.get();
    }

    public ReadOnlyObjectProperty<EngineState> engineStateProperty() {
        return engineState.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty engineStateTextProperty() {
        return engineStateText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusErrorProperty() {
        return statusError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty demoAvailableProperty() {
        return demoAvailable.getReadOnlyProperty();
    }

    /** The rate slider's position, 0..1. */
    public DoubleProperty demoPositionProperty() {
        return demoPosition;
    }

    public ReadOnlyStringProperty demoRateTextProperty() {
        return demoRateText.getReadOnlyProperty();
    }
}
