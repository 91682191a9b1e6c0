package io.leadwire.ui.alerts;

import io.leadwire.ui.FxmlViews;
import java.util.ArrayList;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** The Alerts screen: the alert log with its detail pane, and the rules and escalation editor. */
public final class AlertsView {
    private static final PseudoClass CRITICAL = PseudoClass.getPseudoClass("critical");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass RESOLVED = PseudoClass.getPseudoClass("resolved");
    private static final PseudoClass ACKNOWLEDGED = PseudoClass.getPseudoClass("acknowledged");
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private final AlertsViewModel viewModel;

    @FXML
    private Label summaryLabel;
    @FXML
    private Label messageLabel;
    @FXML
    private Label errorLabel;
    @FXML
    private TabPane tabs;
    @FXML
    private CheckBox showResolvedBox;
    @FXML
    private TextField operatorField;
    @FXML
    private Button acknowledgeButton;
    @FXML
    private TableView<AlertItem> alertTable;
    @FXML
    private TableColumn<AlertItem, AlertItem> severityColumn;
    @FXML
    private TableColumn<AlertItem, String> ruleColumn;
    @FXML
    private TableColumn<AlertItem, String> subjectColumn;
    @FXML
    private TableColumn<AlertItem, String> lastSeenColumn;
    @FXML
    private TableColumn<AlertItem, String> countColumn;
    @FXML
    private TableColumn<AlertItem, String> stateColumn;
    @FXML
    private VBox detailPane;
    @FXML
    private Label detailPlaceholder;
    @FXML
    private Label detailTitleLabel;
    @FXML
    private Label detailMessageLabel;
    @FXML
    private Label detailFactsLabel;
    @FXML
    private Label escalationsTitle;
    @FXML
    private VBox escalationList;
    @FXML
    private GridPane rulesGrid;
    @FXML
    private TextField zoneField;
    @FXML
    private TextField daysField;
    @FXML
    private TextField startField;
    @FXML
    private TextField endField;
    @FXML
    private CheckBox escalationBox;
    @FXML
    private GridPane escalationGrid;
    @FXML
    private TextField afterField;
    @FXML
    private TextField slackField;
    @FXML
    private TextField smtpHostField;
    @FXML
    private TextField smtpPortField;
    @FXML
    private CheckBox startTlsBox;
    @FXML
    private TextField smtpUserField;
    @FXML
    private PasswordField passwordField;
    @FXML
    private Label passwordStateLabel;
    @FXML
    private TextField fromField;
    @FXML
    private TextField toField;
    @FXML
    private VBox problemsBox;
    @FXML
    private Label savedInfoLabel;
    @FXML
    private Label settingsMessageLabel;
    @FXML
    private Button saveButton;
    @FXML
    private Button revertButton;

    private boolean syncing;

    public AlertsView(AlertsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public static Parent create(AlertsViewModel viewModel) {
        return FxmlViews.load("/fxml/alerts/AlertsView.fxml", "/css/alerts.css", new AlertsView(viewModel));
    }

    @FXML
    private void initialize() {
        summaryLabel.textProperty().bind(viewModel.summaryProperty());
        summaryLabel.pseudoClassStateChanged(CRITICAL, false);
        viewModel.openCountProperty().addListener((o, a, n) -> summaryLabel.pseudoClassStateChanged(WARNING,
                n.intValue() > 0));
        messageLabel.textProperty().bind(viewModel.messageProperty());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        initLog();
        initEditor();
        viewModel.revealedProperty().addListener((o, a, id) -> tabs.getSelectionModel().select(0));
    }

    private void initLog() {
        showResolvedBox.selectedProperty().bindBidirectional(viewModel.showResolvedProperty());
        operatorField.textProperty().bindBidirectional(viewModel.operatorProperty());
        acknowledgeButton.disableProperty().bind(viewModel.canAcknowledgeProperty().not());

        severityColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        severityColumn.setCellFactory(c -> new SeverityCell());
        column(ruleColumn, AlertItem::ruleTitle);
        column(subjectColumn, AlertItem::subject);
        column(lastSeenColumn, AlertItem::lastSeen);
        column(countColumn, i -> Long.toString(i.count()));
        column(stateColumn, AlertItem::stateText);
        alertTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        alertTable.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        alertTable.setItems(viewModel.rows());
        alertTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AlertItem item, boolean empty) {
                super.updateItem(item, empty);
                boolean live = !empty && item != null;
                pseudoClassStateChanged(RESOLVED, live && item.state().name().equals("RESOLVED"));
                pseudoClassStateChanged(ACKNOWLEDGED, live && item.state().name().equals("ACKNOWLEDGED"));
            }
        });
        // The selected items change before the selected item does: follow both.
        alertTable.getSelectionModel().getSelectedItems().addListener((ListChangeListener<AlertItem>) c ->
                tableSelectionChanged());
        alertTable.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> tableSelectionChanged());
        viewModel.checked().addListener((ListChangeListener<AlertItem>) c -> showChecked());

        detailPlaceholder.visibleProperty().bind(viewModel.selectedProperty().isNull());
        detailPlaceholder.managedProperty().bind(detailPlaceholder.visibleProperty());
        for (var n : new javafx.scene.Node[] {detailTitleLabel, detailMessageLabel, detailFactsLabel, escalationsTitle,
            escalationList}) {
            n.visibleProperty().bind(viewModel.selectedProperty().isNotNull());
            n.managedProperty().bind(n.visibleProperty());
        }
        detailTitleLabel.textProperty().bind(viewModel.detailTitleProperty());
        detailMessageLabel.textProperty().bind(viewModel.detailMessageProperty());
        detailFactsLabel.textProperty().bind(viewModel.detailFactsProperty());
        viewModel.detailEscalations().addListener((ListChangeListener<String>) c -> showEscalations());
        showEscalations();
    }

    private void showEscalations() {
        escalationList.getChildren().clear();
        if (viewModel.detailEscalations().isEmpty()) {
            escalationList.getChildren().add(hint("Not escalated"));
        }
        for (String line : viewModel.detailEscalations()) {
            Label l = new Label(line);
            l.setWrapText(true);
            l.getStyleClass().add("escalation-line");
            l.pseudoClassStateChanged(FAILED, line.contains(" failed — "));
            escalationList.getChildren().add(l);
        }
    }

    private void tableSelectionChanged() {
        if (!syncing) {
            viewModel.setChecked(new ArrayList<>(alertTable.getSelectionModel().getSelectedItems()),
                    alertTable.getSelectionModel().getSelectedItem());
        }
    }

    /** The ViewModel's selection (after a reload or a jump from a notification) back into the table. */
    private void showChecked() {
        syncing = true;
        try {
            var sel = alertTable.getSelectionModel();
            if (new ArrayList<>(sel.getSelectedItems()).equals(viewModel.checked())) {
                return;
            }
            sel.clearSelection();
            for (AlertItem i : viewModel.checked()) {
                sel.select(i);
            }
            if (viewModel.getSelected() != null) {
                alertTable.scrollTo(viewModel.getSelected());
            }
        } finally {
            syncing = false;
        }
    }

    private void initEditor() {
        Label h1 = header("Rule");
        Label h2 = header("On");
        Label h3 = header("Threshold");
        Label h4 = header("Window");
        Label h5 = header("Minimum sample");
        rulesGrid.addRow(0, h1, h2, h3, h4, h5);
        int row = 1;
        for (RuleEditRow r : viewModel.rules()) {
            String id = r.rule().id().replace('_', '-');
            Label title = new Label(r.rule().title());
            title.getStyleClass().add("rule-title");
            CheckBox on = new CheckBox();
            on.setId("rule-" + id + "-enabled");
            on.selectedProperty().bindBidirectional(r.enabledProperty());
            javafx.scene.Node threshold;
            if (r.rule().hasThreshold()) {
                TextField t = field("rule-" + id + "-threshold", 5);
                t.textProperty().bindBidirectional(r.thresholdProperty());
                threshold = withUnit(t, r.rule().thresholdUnit());
            } else {
                threshold = hint(r.rule() == io.leadwire.metrics.AlertRule.BREAKER_OPEN ? "when it opens"
                        : r.rule() == io.leadwire.metrics.AlertRule.NO_SUCCESS ? "no accepted lead"
                        : "no leads at all");
            }
            TextField window = field("rule-" + id + "-window", 5);
            window.textProperty().bindBidirectional(r.windowProperty());
            javafx.scene.Node min;
            if (r.rule().hasMinVolume()) {
                TextField m = field("rule-" + id + "-min", 5);
                m.textProperty().bindBidirectional(r.minVolumeProperty());
                min = withUnit(m, r.rule().volumeMeaning());
            } else {
                min = hint("—");
            }
            rulesGrid.addRow(row++, title, on, threshold, window, min);
            Label problem = new Label();
            problem.getStyleClass().add("field-error");
            problem.textProperty().bind(r.problemProperty());
            problem.visibleProperty().bind(r.problemProperty().isNotEmpty());
            problem.managedProperty().bind(problem.visibleProperty());
            window.pseudoClassStateChanged(INVALID, false);
            r.problemProperty().addListener((o, a, p) -> {
                window.pseudoClassStateChanged(INVALID, p.contains("window"));
                if (threshold instanceof javafx.scene.layout.HBox box) {
                    box.getChildren().get(0).pseudoClassStateChanged(INVALID, p.contains("threshold"));
                }
            });
            rulesGrid.add(problem, 0, row++, 5, 1);
        }

        zoneField.textProperty().bindBidirectional(viewModel.zoneProperty());
        daysField.textProperty().bindBidirectional(viewModel.daysProperty());
        startField.textProperty().bindBidirectional(viewModel.hoursStartProperty());
        endField.textProperty().bindBidirectional(viewModel.hoursEndProperty());
        escalationBox.selectedProperty().bindBidirectional(viewModel.escalationEnabledProperty());
        afterField.textProperty().bindBidirectional(viewModel.escalateAfterProperty());
        slackField.textProperty().bindBidirectional(viewModel.slackUrlProperty());
        smtpHostField.textProperty().bindBidirectional(viewModel.smtpHostProperty());
        smtpPortField.textProperty().bindBidirectional(viewModel.smtpPortProperty());
        startTlsBox.selectedProperty().bindBidirectional(viewModel.startTlsProperty());
        smtpUserField.textProperty().bindBidirectional(viewModel.smtpUserProperty());
        passwordField.textProperty().bindBidirectional(viewModel.newPasswordProperty());
        passwordStateLabel.textProperty().bind(viewModel.passwordStateProperty());
        fromField.textProperty().bindBidirectional(viewModel.emailFromProperty());
        toField.textProperty().bindBidirectional(viewModel.emailToProperty());
        escalationGrid.setHgap(10);
        escalationGrid.setVgap(8);

        viewModel.problems().addListener((ListChangeListener<String>) c -> showProblems());
        showProblems();
        savedInfoLabel.textProperty().bind(viewModel.savedInfoProperty());
        settingsMessageLabel.textProperty().bind(viewModel.settingsMessageProperty());
        saveButton.disableProperty().bind(viewModel.canSaveProperty().not());
        revertButton.disableProperty().bind(viewModel.dirtyProperty().not());
    }

    private void showProblems() {
        problemsBox.getChildren().clear();
        for (String p : viewModel.problems()) {
            Label l = new Label(p);
            l.setWrapText(true);
            l.getStyleClass().add("validation-message");
            problemsBox.getChildren().add(l);
        }
        problemsBox.setVisible(!viewModel.problems().isEmpty());
        problemsBox.setManaged(problemsBox.isVisible());
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("grid-header");
        return l;
    }

    private static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("hint-text");
        return l;
    }

    private static TextField field(String id, int columns) {
        TextField t = new TextField();
        t.setId(id);
        t.setPrefColumnCount(columns);
        return t;
    }

    private static javafx.scene.layout.HBox withUnit(TextField field, String unit) {
        javafx.scene.layout.HBox box = new javafx.scene.layout.HBox(field, hint(unit));
        box.getStyleClass().add("field-row");
        return box;
    }

    private static <T> void column(TableColumn<AlertItem, T> column, Function<AlertItem, T> value) {
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    }

    @FXML
    private void onAcknowledge() {
        viewModel.acknowledge();
    }

    @FXML
    private void onSave() {
        viewModel.save();
    }

    @FXML
    private void onRevert() {
        viewModel.revert();
    }

    @FXML
    private void onClearPassword() {
        viewModel.clearPassword();
    }


    /** A severity chip: critical in the danger colours, warnings in the warning colours. */
    private static final class SeverityCell extends TableCell<AlertItem, AlertItem> {
        private final Label chip = new Label();

        SeverityCell() {
            chip.getStyleClass().add("severity-chip");
        }

        @Override
        protected void updateItem(AlertItem item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            chip.setText(item.severity());
            chip.pseudoClassStateChanged(CRITICAL, "critical".equals(item.severity()));
            chip.pseudoClassStateChanged(WARNING, "warning".equals(item.severity()));
            setGraphic(chip);
        }
    }
}
