package io.leadwire.ui.shell;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.leadwire.lead.EngineState;
import io.leadwire.ui.FxmlViews;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javafx.application.Application;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The window frame: sidebar with the screens and the theme switch, content area, status bar. */
public final class ShellView {
    private final ShellViewModel viewModel;
    private final Map<Screen, Parent> screens;
    private final Map<Screen, ToggleButton> navButtons = new EnumMap<>(Screen.class);

    @FXML
    private VBox navBox;
    @FXML
    private ToggleSwitch themeSwitch;
    @FXML
    private StackPane content;
    @FXML
    private Label intakeUrlLabel;
    @FXML
    private Label leadsPerMinuteLabel;
    @FXML
    private Label engineStateLabel;
    @FXML
    private Label statusErrorLabel;
    @FXML
    private HBox demoBox;
    @FXML
    private Slider demoRateSlider;
    @FXML
    private Label demoRateLabel;

    public ShellView(ShellViewModel viewModel, Map<Screen, Parent> screens) {
        this.viewModel = viewModel;
        this.screens = new EnumMap<>(screens);
    }

    public static Parent create(ShellViewModel viewModel, Map<Screen, Parent> screens) {
        return FxmlViews.load("/fxml/shell/ShellView.fxml", "/css/app.css", new ShellView(viewModel, screens));
    }

    @FXML
    private void initialize() {
        ToggleGroup group = new ToggleGroup();
        for (Screen screen : screens.keySet()) {
            ToggleButton button = new ToggleButton(screen.title());
            button.setId("nav-" + screen.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            button.getStyleClass().add("nav-button");
            button.setMaxWidth(Double.MAX_VALUE);
            button.setToggleGroup(group);
            button.setOnAction(e -> viewModel.screenProperty().set(screen));
            navButtons.put(screen, button);
            navBox.getChildren().add(button);
        }
        viewModel.screenProperty().addListener((o, a, screen) -> show(screen));
        show(viewModel.getScreen());

        themeSwitch.selectedProperty().bindBidirectional(viewModel.darkThemeProperty());
        viewModel.darkThemeProperty().addListener((o, a, dark) -> applyTheme(dark));
        applyTheme(viewModel.isDarkTheme());

        intakeUrlLabel.textProperty().bind(viewModel.intakeUrlProperty());
        leadsPerMinuteLabel.textProperty().bind(viewModel.leadsPerMinuteProperty());
        engineStateLabel.textProperty().bind(viewModel.engineStateTextProperty());
        viewModel.engineStateProperty().addListener((o, a, state) -> markState(a, state));
        markState(null, viewModel.engineStateProperty().get());
        statusErrorLabel.textProperty().bind(viewModel.statusErrorProperty());

        demoBox.visibleProperty().bind(viewModel.demoAvailableProperty());
        demoBox.managedProperty().bind(viewModel.demoAvailableProperty());
        demoRateSlider.valueProperty().bindBidirectional(viewModel.demoPositionProperty());
        demoRateLabel.textProperty().bind(viewModel.demoRateTextProperty());
    }

    private void show(Screen screen) {
        content.getChildren().setAll(screens.get(screen));
        ToggleButton button = navButtons.get(screen);
        if (button != null) {
            button.setSelected(true);
        }
    }

    private void markState(EngineState old, EngineState state) {
        if (old != null) {
            engineStateLabel.pseudoClassStateChanged(pseudo(old), false);
        }
        if (state != null) {
            engineStateLabel.pseudoClassStateChanged(pseudo(state), true);
        }
    }

    private static PseudoClass pseudo(EngineState state) {
        return PseudoClass.getPseudoClass(state.name().toLowerCase(Locale.ROOT));
    }

    private static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }
}
