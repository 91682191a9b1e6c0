package io.leadwire.ui.buyers;

import io.leadwire.delivery.BuyerService.BreakerOverride;
import io.leadwire.ui.FxmlViews;
import io.leadwire.ui.designer.SampleLead;
import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tab;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The Buyers screen: the buyer table with live state, and the selected buyer's detail tabs. */
public final class BuyersView {
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private static final PseudoClass OFF = PseudoClass.getPseudoClass("off");
    private static final PseudoClass FULL = PseudoClass.getPseudoClass("full");
    private static final PseudoClass MISSING = PseudoClass.getPseudoClass("missing");
    private static final List<String> BREAKER_STATES = List.of("closed", "open", "half-open", "forced-open",
            "forced-closed", "none");
    private static final List<String> OUTCOMES = List.of("accepted", "rejected", "duplicate", "error", "drift",
            "failed");

    private final BuyersViewModel viewModel;

    @FXML
    private Button exportButton;
    @FXML
    private Button switchOnButton;
    @FXML
    private Button switchOffButton;
    @FXML
    private Label messageLabel;
    @FXML
    private Label errorLabel;
    @FXML
    private TableView<BuyerListRow> buyerTable;
    @FXML
    private TableColumn<BuyerListRow, String> nameColumn;
    @FXML
    private TableColumn<BuyerListRow, BuyerListRow> onColumn;
    @FXML
    private TableColumn<BuyerListRow, String> priceColumn;
    @FXML
    private TableColumn<BuyerListRow, String> priorityColumn;
    @FXML
    private TableColumn<BuyerListRow, String> kindColumn;
    @FXML
    private TableColumn<BuyerListRow, BuyerListRow> breakerColumn;
    @FXML
    private TableColumn<BuyerListRow, BuyerListRow> capColumn;
    @FXML
    private TableColumn<BuyerListRow, String> successColumn;
    @FXML
    private TableColumn<BuyerListRow, String> p95Column;
    @FXML
    private TableColumn<BuyerListRow, String> inFlightColumn;
    @FXML
    private TableColumn<BuyerListRow, String> problemColumn;
    @FXML
    private Label noSelectionLabel;
    @FXML
    private VBox detailBox;
    @FXML
    private Label formTitleLabel;
    @FXML
    private Label breakerPill;
    @FXML
    private Label problemLabel;
    @FXML
    private Label dirtyLabel;
    @FXML
    private Button revertButton;
    @FXML
    private Button saveButton;
    @FXML
    private Label otherProblemsLabel;
    @FXML
    private Tab deliveryTab;
    @FXML
    private Tab advancedTab;
    @FXML
    private TextField productionField;
    @FXML
    private Label productionError;
    @FXML
    private TextField sandboxField;
    @FXML
    private Label sandboxError;
    @FXML
    private TextField priceField;
    @FXML
    private Label priceError;
    @FXML
    private TextField priorityField;
    @FXML
    private Label priorityError;
    @FXML
    private TextField weightField;
    @FXML
    private Label weightError;
    @FXML
    private TextField concurrencyField;
    @FXML
    private Label concurrencyError;
    @FXML
    private CheckBox exclusiveCheck;
    @FXML
    private CheckBox consentCheck;
    @FXML
    private CheckBox enabledCheck;
    @FXML
    private TextField connectField;
    @FXML
    private Label connectError;
    @FXML
    private TextField readField;
    @FXML
    private Label readError;
    @FXML
    private TextField callField;
    @FXML
    private Label callError;
    @FXML
    private TextField zoneField;
    @FXML
    private Label zoneError;
    @FXML
    private TextField capHourField;
    @FXML
    private TextField capDayField;
    @FXML
    private TextField capWeekField;
    @FXML
    private TextField capMonthField;
    @FXML
    private Label capsError;
    @FXML
    private TextArea scheduleArea;
    @FXML
    private Label scheduleError;
    @FXML
    private TextArea authArea;
    @FXML
    private Label authError;
    @FXML
    private TextArea filtersArea;
    @FXML
    private Label filtersError;
    @FXML
    private TextArea responseArea;
    @FXML
    private Label responseError;
    @FXML
    private TextArea retryArea;
    @FXML
    private Label retryError;
    @FXML
    private TextArea breakerArea;
    @FXML
    private Label breakerError;
    @FXML
    private TableView<SecretRow> secretTable;
    @FXML
    private TableColumn<SecretRow, String> secretNameColumn;
    @FXML
    private TableColumn<SecretRow, String> secretValueColumn;
    @FXML
    private TableColumn<SecretRow, SecretRow> secretStateColumn;
    @FXML
    private Button setSecretButton;
    @FXML
    private Button removeSecretButton;
    @FXML
    private Label breakerStatePill;
    @FXML
    private Label breakerDetailLabel;
    @FXML
    private Button forceOpenButton;
    @FXML
    private Button forceCloseButton;
    @FXML
    private Button automaticButton;
    @FXML
    private ComboBox<SampleLead> sampleCombo;
    @FXML
    private Button sendButton;
    @FXML
    private Label verdictLabel;
    @FXML
    private Label adviceLabel;
    @FXML
    private TextArea requestArea;
    @FXML
    private TextArea responseTextArea;

    private boolean syncingSelection;

    public BuyersView(BuyersViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public static Parent create(BuyersViewModel viewModel) {
        return FxmlViews.load("/fxml/buyers/BuyersView.fxml", "/css/buyers.css", new BuyersView(viewModel));
    }

    @FXML
    private void initialize() {
        bindTable();
        bindForm(viewModel.form());
        bindSecretsAndBreaker();
        bindTestSend();

        exportButton.disableProperty().bind(viewModel.noSelectionProperty());
        switchOnButton.disableProperty().bind(viewModel.noSelectionProperty());
        switchOffButton.disableProperty().bind(viewModel.noSelectionProperty());
        showWhenSet(messageLabel, viewModel.messageProperty());
        showWhenSet(errorLabel, viewModel.errorMessageProperty());
        noSelectionLabel.visibleProperty().bind(viewModel.form().loadedProperty().not());
        detailBox.visibleProperty().bind(viewModel.form().loadedProperty());
        formTitleLabel.textProperty().bind(viewModel.formTitleProperty());
        showWhenSet(problemLabel, viewModel.problemProperty());
        saveButton.disableProperty().bind(viewModel.canSaveProperty().not());
        revertButton.disableProperty().bind(viewModel.form().dirtyProperty().not());
        dirtyLabel.visibleProperty().bind(viewModel.form().dirtyProperty());
        showWhenSet(otherProblemsLabel, viewModel.form().otherProblemsProperty());
    }

    private void bindTable() {
        column(nameColumn, BuyerListRow::name);
        column(priceColumn, BuyerListRow::price);
        column(priorityColumn, BuyerListRow::priorityText);
        column(kindColumn, BuyerListRow::kindText);
        column(successColumn, BuyerListRow::successRate);
        column(p95Column, BuyerListRow::p95);
        column(inFlightColumn, BuyerListRow::inFlightText);
        column(problemColumn, BuyerListRow::problem);
        problemColumn.setCellFactory(c -> new ProblemCell());
        onColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        onColumn.setCellFactory(c -> new MarkedCell(BuyerListRow::enabledText, r -> !r.enabled(), OFF, "on-cell"));
        capColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        capColumn.setCellFactory(c -> new MarkedCell(BuyerListRow::capUse, BuyerListRow::capFull, FULL, "cap-cell"));
        breakerColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        breakerColumn.setCellFactory(c -> new BreakerCell());
        buyerTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        buyerTable.setItems(viewModel.rows());
        buyerTable.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (!syncingSelection) {
                viewModel.selectedBuyerProperty().set(row);
            }
        });
        viewModel.rows().addListener((ListChangeListener<BuyerListRow>) c -> showSelection());
        viewModel.selectedBuyerProperty().addListener((o, a, row) -> showSelection());
        viewModel.breakerTextProperty().addListener((o, a, text) -> pill(breakerPill, text));
    }

    private void showSelection() {
        BuyerListRow row = viewModel.getSelectedBuyer();
        if (row == buyerTable.getSelectionModel().getSelectedItem()) {
            return;
        }
        syncingSelection = true;
        try {
            if (row == null) {
                buyerTable.getSelectionModel().clearSelection();
            } else {
                buyerTable.getSelectionModel().select(row);
            }
        } finally {
            syncingSelection = false;
        }
    }

    private void bindForm(BuyerForm f) {
        field(productionField, f.productionProperty(), productionError, f.errorFor(BuyerForm.PRODUCTION));
        field(sandboxField, f.sandboxProperty(), sandboxError, f.errorFor(BuyerForm.SANDBOX));
        field(priceField, f.priceProperty(), priceError, f.errorFor(BuyerForm.PRICE));
        field(priorityField, f.priorityProperty(), priorityError, f.errorFor(BuyerForm.PRIORITY));
        field(weightField, f.weightProperty(), weightError, f.errorFor(BuyerForm.WEIGHT));
        field(concurrencyField, f.concurrencyProperty(), concurrencyError, f.errorFor(BuyerForm.CONCURRENCY));
        field(connectField, f.connectTimeoutProperty(), connectError, f.errorFor(BuyerForm.CONNECT));
        field(readField, f.readTimeoutProperty(), readError, f.errorFor(BuyerForm.READ));
        field(callField, f.callTimeoutProperty(), callError, f.errorFor(BuyerForm.CALL));
        field(zoneField, f.zoneProperty(), zoneError, f.errorFor(BuyerForm.ZONE));
        field(scheduleArea, f.scheduleProperty(), scheduleError, f.errorFor(BuyerForm.SCHEDULE));
        field(authArea, f.authProperty(), authError, f.errorFor(BuyerForm.AUTH));
        field(filtersArea, f.filtersProperty(), filtersError, f.errorFor(BuyerForm.FILTERS));
        field(responseArea, f.responseProperty(), responseError, f.errorFor(BuyerForm.RESPONSE));
        field(retryArea, f.retryProperty(), retryError, f.errorFor(BuyerForm.RETRY));
        field(breakerArea, f.breakerProperty(), breakerError, f.errorFor(BuyerForm.BREAKER));
        capHourField.textProperty().bindBidirectional(f.capHourProperty());
        capDayField.textProperty().bindBidirectional(f.capDayProperty());
        capWeekField.textProperty().bindBidirectional(f.capWeekProperty());
        capMonthField.textProperty().bindBidirectional(f.capMonthProperty());
        showWhenSet(capsError, f.errorFor(BuyerForm.CAPS));
        for (TextField cap : List.of(capHourField, capDayField, capWeekField, capMonthField)) {
            markInvalid(cap, f.errorFor(BuyerForm.CAPS));
        }
        exclusiveCheck.selectedProperty().bindBidirectional(f.exclusiveProperty());
        consentCheck.selectedProperty().bindBidirectional(f.consentRequiredProperty());
        enabledCheck.selectedProperty().bindBidirectional(f.enabledProperty());
        countProblems(deliveryTab, "Delivery", f, List.of(BuyerForm.PRODUCTION, BuyerForm.SANDBOX, BuyerForm.PRICE,
                BuyerForm.PRIORITY, BuyerForm.WEIGHT, BuyerForm.CONCURRENCY, BuyerForm.CONNECT, BuyerForm.READ,
                BuyerForm.CALL, BuyerForm.ZONE, BuyerForm.CAPS, BuyerForm.SCHEDULE));
        countProblems(advancedTab, "Advanced", f, List.of(BuyerForm.AUTH, BuyerForm.FILTERS, BuyerForm.RESPONSE,
                BuyerForm.RETRY, BuyerForm.BREAKER));
    }

    /** A tab names how many of its fields have a problem, so a problem on a hidden tab is not missed. */
    private static void countProblems(Tab tab, String title, BuyerForm form, List<String> fields) {
        Runnable update = () -> {
            long n = fields.stream().filter(field -> !form.errorFor(field).get().isEmpty()).count();
            tab.setText(n == 0 ? title : title + " · " + n + (n == 1 ? " problem" : " problems"));
            tab.getStyleClass().remove("has-problems");
            if (n > 0) {
                tab.getStyleClass().add("has-problems");
            }
        };
        fields.forEach(field -> form.errorFor(field).addListener((o, a, b) -> update.run()));
        update.run();
    }

    private void bindSecretsAndBreaker() {
        secretTable.setItems(viewModel.secrets());
        secretTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        secretNameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        secretValueColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().valueText()));
        secretValueColumn.getStyleClass().add("secret-value");
        secretStateColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        secretStateColumn.setCellFactory(c -> new SecretStateCell());
        removeSecretButton.disableProperty().bind(secretTable.getSelectionModel().selectedItemProperty().isNull());
        breakerDetailLabel.textProperty().bind(viewModel.breakerDetailProperty());
        viewModel.breakerTextProperty().addListener((o, a, text) -> pill(breakerStatePill, text));
        forceOpenButton.disableProperty().bind(viewModel.noSelectionProperty());
        forceCloseButton.disableProperty().bind(viewModel.noSelectionProperty());
        automaticButton.disableProperty().bind(viewModel.noSelectionProperty());
    }

    private void bindTestSend() {
        sampleCombo.setItems(viewModel.samples());
        sampleCombo.valueProperty().bindBidirectional(viewModel.selectedSampleProperty());
        sampleCombo.setCellFactory(l -> new SampleCell());
        sampleCombo.setButtonCell(new SampleCell());
        sendButton.disableProperty().bind(viewModel.canSendProperty().not());
        showWhenSet(verdictLabel, viewModel.testVerdictProperty());
        showWhenSet(adviceLabel, viewModel.testAdviceProperty());
        requestArea.textProperty().bind(viewModel.testRequestProperty());
        responseTextArea.textProperty().bind(viewModel.testResponseProperty());
        viewModel.testOutcomeProperty().addListener((o, a, outcome) -> {
            for (String s : OUTCOMES) {
                verdictLabel.pseudoClassStateChanged(PseudoClass.getPseudoClass(s), s.equals(outcome));
            }
        });
    }

    private static void field(TextInputControl input, javafx.beans.property.StringProperty value, Label errorLabel,
                              ObservableStringValue error) {
        input.textProperty().bindBidirectional(value);
        showWhenSet(errorLabel, error);
        markInvalid(input, error);
    }

    private static void markInvalid(Node field, ObservableStringValue error) {
        error.addListener((o, a, text) -> field.pseudoClassStateChanged(INVALID, !text.isEmpty()));
        field.pseudoClassStateChanged(INVALID, !error.get().isEmpty());
    }

    private static void showWhenSet(Label label, ObservableStringValue text) {
        label.textProperty().bind(text);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }

    private static void column(TableColumn<BuyerListRow, String> column, Function<BuyerListRow, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
    }

    /** Shows a breaker state as a coloured pill: the text decides the pseudo-class. */
    private static void pill(Label label, String text) {
        label.setText(text);
        String state = text == null || text.isEmpty() || "—".equals(text) ? "none"
                : text.replace(' ', '-').toLowerCase(Locale.ROOT);
        for (String s : BREAKER_STATES) {
            label.pseudoClassStateChanged(PseudoClass.getPseudoClass(s), s.equals(state));
        }
    }

    @FXML
    private void onAdd() {
        BuyerDialogs.showAdd(buyerTable.getScene().getWindow(), viewModel);
    }

    @FXML
    private void onExport() {
        BuyerListRow row = viewModel.getSelectedBuyer();
        if (row == null) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + row.name());
        chooser.setInitialFileName(row.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".buyer.json");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Buyer files", "*.json"));
        File file = chooser.showSaveDialog(buyerTable.getScene().getWindow());
        if (file != null) {
            viewModel.exportSelected(file.toPath());
        }
    }

    @FXML
    private void onSwitchOn() {
        viewModel.setSelectedEnabled(true);
    }

    @FXML
    private void onSwitchOff() {
        viewModel.setSelectedEnabled(false);
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
    private void onSetSecret() {
        SecretRow selected = secretTable.getSelectionModel().getSelectedItem();
        String preset = selected != null ? selected.name() : viewModel.secrets().stream().filter(s -> !s.stored())
                .map(SecretRow::name).findFirst().orElse("");
        BuyerDialogs.showSetSecret(buyerTable.getScene().getWindow(), viewModel, preset);
    }

    @FXML
    private void onRemoveSecret() {
        SecretRow selected = secretTable.getSelectionModel().getSelectedItem();
        if (selected != null && BuyerDialogs.confirm(buyerTable.getScene().getWindow(),
                "Remove the secret " + selected.name() + "?",
                selected.needed() ? "The buyer uses it: deliveries to it stop until you store it again."
                        : "The buyer's settings no longer name it.", "Remove secret")) {
            viewModel.removeSecret(selected.name());
        }
    }

    @FXML
    private void onForceOpen() {
        viewModel.setBreaker(BreakerOverride.FORCED_OPEN);
    }

    @FXML
    private void onForceClose() {
        viewModel.setBreaker(BreakerOverride.FORCED_CLOSED);
    }

    @FXML
    private void onAutomatic() {
        viewModel.setBreaker(null);
    }

    @FXML
    private void onSendTest() {
        viewModel.sendTestLead();
    }

    /** A text cell marked by a pseudo-class when the row says so. */
    private static final class MarkedCell extends TableCell<BuyerListRow, BuyerListRow> {
        private final Function<BuyerListRow, String> text;
        private final java.util.function.Predicate<BuyerListRow> marked;
        private final PseudoClass mark;

        MarkedCell(Function<BuyerListRow, String> text, java.util.function.Predicate<BuyerListRow> marked,
                   PseudoClass mark, String styleClass) {
            this.text = text;
            this.marked = marked;
            this.mark = mark;
            getStyleClass().add(styleClass);
        }

        @Override
        protected void updateItem(BuyerListRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(empty || row == null ? null : text.apply(row));
            pseudoClassStateChanged(mark, !empty && row != null && marked.test(row));
        }
    }

    /** The breaker state as a pill. */
    private static final class BreakerCell extends TableCell<BuyerListRow, BuyerListRow> {
        private final Label label = new Label();

        BreakerCell() {
            label.getStyleClass().add("breaker-pill");
            setText(null);
        }

        @Override
        protected void updateItem(BuyerListRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            pill(label, row.breakerText());
            setGraphic(label);
        }
    }

    /** Why a buyer is not routable, with the whole text as a tooltip. */
    private static final class ProblemCell extends TableCell<BuyerListRow, String> {
        ProblemCell() {
            getStyleClass().add("problem-cell");
        }

        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            setText(empty ? null : text);
            setTooltip(empty || text == null || text.isEmpty() ? null : new javafx.scene.control.Tooltip(text));
        }
    }

    /** A secret's state, marked when the value is missing. */
    private static final class SecretStateCell extends TableCell<SecretRow, SecretRow> {
        @Override
        protected void updateItem(SecretRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(empty || row == null ? null : row.stateText());
            pseudoClassStateChanged(MISSING, !empty && row != null && !row.stored());
        }
    }

    /** A sample lead: where it comes from and its label. */
    private static final class SampleCell extends ListCell<SampleLead> {
        @Override
        protected void updateItem(SampleLead lead, boolean empty) {
            super.updateItem(lead, empty);
            setText(empty || lead == null ? null : lead.group() + " · " + lead.label());
        }
    }
}
