package io.leadwire.ui.settings;

import io.leadwire.quality.QualityPolicyForm;
import io.leadwire.ui.FxmlViews;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.TextFieldListCell;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The Settings screen: a section list, the selected section's fields, and Save / Revert / Reset. */
public final class SettingsView {
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private static final PseudoClass OFF = PseudoClass.getPseudoClass("off");
    private static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed");

    private final SettingsViewModel viewModel;
    private final Map<SettingsSection, Node> sectionPanes = new EnumMap<>(SettingsSection.class);

    @FXML
    private Label savedInfoLabel;
    @FXML
    private Label storedProblemLabel;
    @FXML
    private ListView<SettingsSection> sectionList;
    @FXML
    private ScrollPane scoringSection;
    @FXML
    private ScrollPane validationSection;
    @FXML
    private Spinner<Integer> baseSpinner;
    @FXML
    private Spinner<Integer> hotSpinner;
    @FXML
    private Spinner<Integer> standardSpinner;
    @FXML
    private Label baseError;
    @FXML
    private Label hotError;
    @FXML
    private Label standardError;
    @FXML
    private Label tierBandsLabel;
    @FXML
    private TableView<RuleRow> ruleTable;
    @FXML
    private TableColumn<RuleRow, RuleRow> enabledColumn;
    @FXML
    private TableColumn<RuleRow, String> ruleColumn;
    @FXML
    private TableColumn<RuleRow, String> descriptionColumn;
    @FXML
    private TableColumn<RuleRow, RuleRow> pointsColumn;
    @FXML
    private TableColumn<RuleRow, String> defaultColumn;
    @FXML
    private Label previewLabel;
    @FXML
    private TextField highCapitalField;
    @FXML
    private Label highCapitalError;
    @FXML
    private TextField tier1Field;
    @FXML
    private Label tier1Error;
    @FXML
    private TextField opensField;
    @FXML
    private TextField closesField;
    @FXML
    private TextField zoneField;
    @FXML
    private Label businessDaysLabel;
    @FXML
    private Label businessError;
    @FXML
    private ListView<String> requiredList;
    @FXML
    private TextField requiredField;
    @FXML
    private Button removeRequiredButton;
    @FXML
    private Label requiredError;
    @FXML
    private CheckBox consentCheck;
    @FXML
    private Label consentError;
    @FXML
    private TextField defaultCountryField;
    @FXML
    private Label defaultCountryError;
    @FXML
    private ListView<EnumFieldRow> enumFieldList;
    @FXML
    private TextField enumFieldInput;
    @FXML
    private Button removeEnumFieldButton;
    @FXML
    private Label valuesTitle;
    @FXML
    private ListView<String> valueList;
    @FXML
    private TextField valueInput;
    @FXML
    private Button addValueButton;
    @FXML
    private Button removeValueButton;
    @FXML
    private Label allowedError;
    @FXML
    private Label otherProblemsLabel;
    @FXML
    private Button saveButton;
    @FXML
    private Button revertButton;
    @FXML
    private Label dirtyLabel;
    @FXML
    private Label errorLabel;
    @FXML
    private Label messageLabel;

    public SettingsView(SettingsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public static Parent create(SettingsViewModel viewModel) {
        return FxmlViews.load("/fxml/settings/SettingsView.fxml", "/css/settings.css", new SettingsView(viewModel));
    }

    @FXML
    private void initialize() {
        sectionPanes.put(SettingsSection.SCORING, scoringSection);
        sectionPanes.put(SettingsSection.VALIDATION, validationSection);
        sectionList.setItems(viewModel.sections());
        sectionList.setCellFactory(l -> new SectionCell());
        sectionList.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> {
            if (s != null) {
                viewModel.selectedSectionProperty().set(s);
            }
        });
        viewModel.selectedSectionProperty().addListener((o, a, s) -> showSection(s));
        showSection(viewModel.getSelectedSection());

        savedInfoLabel.textProperty().bind(viewModel.savedInfoProperty());
        QualitySettingsEditor q = viewModel.quality();
        showWhenSet(storedProblemLabel, q.storedProblemProperty());
        bindScoring(q);
        bindValidation(q);
        showWhenSet(otherProblemsLabel, q.otherProblemsProperty());

        saveButton.disableProperty().bind(viewModel.canSaveProperty().not());
        revertButton.disableProperty().bind(viewModel.dirtyProperty().not());
        dirtyLabel.visibleProperty().bind(viewModel.dirtyProperty());
        showWhenSet(errorLabel, viewModel.errorMessageProperty());
        showWhenSet(messageLabel, viewModel.messageProperty());
    }

    private void bindScoring(QualitySettingsEditor q) {
        spinner(baseSpinner, 0, 100, q.baseProperty());
        spinner(hotSpinner, 0, 100, q.hotThresholdProperty());
        spinner(standardSpinner, 0, 100, q.standardThresholdProperty());
        fieldError(baseSpinner, baseError, q, QualityPolicyForm.BASE);
        fieldError(hotSpinner, hotError, q, QualityPolicyForm.HOT);
        fieldError(standardSpinner, standardError, q, QualityPolicyForm.STANDARD);
        tierBandsLabel.textProperty().bind(q.tierBandsProperty());

        ruleTable.setItems(q.rules());
        ruleTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        enabledColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        enabledColumn.setCellFactory(c -> new EnabledCell());
        ruleColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().id()));
        ruleColumn.setCellFactory(c -> new RuleIdCell());
        descriptionColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().description()));
        pointsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        pointsColumn.setCellFactory(c -> new PointsCell());
        defaultColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().defaultText()));
        defaultColumn.getStyleClass().add("default-column");
        highCapitalField.textProperty().bindBidirectional(q.highCapitalThresholdProperty());
        fieldError(highCapitalField, highCapitalError, q, QualityPolicyForm.HIGH_CAPITAL_THRESHOLD);
        tier1Field.textProperty().bindBidirectional(q.tier1CountriesProperty());
        fieldError(tier1Field, tier1Error, q, QualityPolicyForm.TIER1_COUNTRIES);
        opensField.textProperty().bindBidirectional(q.businessOpensProperty());
        closesField.textProperty().bindBidirectional(q.businessClosesProperty());
        zoneField.textProperty().bindBidirectional(q.businessZoneProperty());
        businessDaysLabel.textProperty().bind(q.businessDaysProperty());
        showWhenSet(businessError, q.businessHoursErrorProperty());
        markInvalid(opensField, q.errorFor(QualityPolicyForm.BUSINESS_OPENS));
        markInvalid(closesField, q.errorFor(QualityPolicyForm.BUSINESS_CLOSES));
        markInvalid(zoneField, q.errorFor(QualityPolicyForm.BUSINESS_ZONE));
        previewLabel.textProperty().bind(q.previewProperty());
        previewLabel.visibleProperty().bind(q.previewProperty().isNotEmpty());
    }

    private void bindValidation(QualitySettingsEditor q) {
        requiredList.setItems(q.requiredFields());
        requiredList.setCellFactory(TextFieldListCell.forListView());
        removeRequiredButton.disableProperty().bind(requiredList.getSelectionModel().selectedItemProperty().isNull());
        requiredField.setOnAction(e -> onAddRequired());
        showWhenSet(requiredError, q.errorFor(QualityPolicyForm.REQUIRED_FIELDS));

        consentCheck.selectedProperty().bindBidirectional(q.consentRequiredProperty());
        showWhenSet(consentError, q.errorFor(QualityPolicyForm.CONSENT_REQUIRED));
        defaultCountryField.textProperty().bindBidirectional(q.defaultCountryProperty());
        fieldError(defaultCountryField, defaultCountryError, q, QualityPolicyForm.DEFAULT_COUNTRY);

        enumFieldList.setItems(q.enumFields());
        enumFieldList.setCellFactory(l -> new EnumFieldCell());
        enumFieldList.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (row != null) {
                q.selectedEnumFieldProperty().set(row);
            }
        });
        q.selectedEnumFieldProperty().addListener((o, a, row) -> showEnumField(row));
        showEnumField(q.selectedEnumFieldProperty().get());
        valueList.setCellFactory(TextFieldListCell.forListView());
        removeEnumFieldButton.disableProperty().bind(q.selectedEnumFieldProperty().isNull());
        addValueButton.disableProperty().bind(q.selectedEnumFieldProperty().isNull());
        removeValueButton.disableProperty().bind(valueList.getSelectionModel().selectedItemProperty().isNull());
        enumFieldInput.setOnAction(e -> onAddEnumField());
        valueInput.setOnAction(e -> onAddValue());
        showWhenSet(allowedError, q.errorFor(QualityPolicyForm.ALLOWED_VALUES));
    }

    private void showEnumField(EnumFieldRow row) {
        if (row == null) {
            valueList.setItems(null);
            valuesTitle.setText("Values");
            enumFieldList.getSelectionModel().clearSelection();
            return;
        }
        valueList.setItems(row.values());
        valuesTitle.setText("Values of " + row.field());
        if (enumFieldList.getSelectionModel().getSelectedItem() != row) {
            enumFieldList.getSelectionModel().select(row);
        }
    }

    private void showSection(SettingsSection section) {
        sectionPanes.forEach((s, pane) -> {
            pane.setVisible(s == section);
            pane.setManaged(s == section);
        });
        if (sectionList.getSelectionModel().getSelectedItem() != section) {
            sectionList.getSelectionModel().select(section);
        }
    }

    private static void spinner(Spinner<Integer> spinner, int min, int max, ObjectProperty<Integer> value) {
        bindSpinner(spinner, min, max, value);
        commitOnFocusLoss(spinner);
    }

    private static void bindSpinner(Spinner<Integer> spinner, int min, int max, ObjectProperty<Integer> value) {
        SpinnerValueFactory.IntegerSpinnerValueFactory factory =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max);
        factory.setConverter(new LenientIntegerConverter(factory));
        spinner.setValueFactory(factory);
        factory.valueProperty().bindBidirectional(value);
    }

    /** What was typed counts when the operator moves on, not only on Enter. */
    private static void commitOnFocusLoss(Spinner<Integer> spinner) {
        spinner.focusedProperty().addListener((o, was, focused) -> {
            if (!focused) {
                spinner.commitValue();
            }
        });
    }

    private static void fieldError(Node field, Label label, QualitySettingsEditor q, String path) {
        showWhenSet(label, q.errorFor(path));
        markInvalid(field, q.errorFor(path));
    }

    private static void markInvalid(Node field, javafx.beans.value.ObservableStringValue error) {
        error.addListener((o, a, text) -> field.pseudoClassStateChanged(INVALID, !text.isEmpty()));
        field.pseudoClassStateChanged(INVALID, !error.get().isEmpty());
    }

    private static void showWhenSet(Label label, javafx.beans.value.ObservableStringValue text) {
        label.textProperty().bind(text);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }

    @FXML
    private void onAddRequired() {
        viewModel.quality().addRequiredField(requiredField.getText());
        requiredField.clear();
    }

    @FXML
    private void onRemoveRequired() {
        String selected = requiredList.getSelectionModel().getSelectedItem();
        if (selected != null) {
            viewModel.quality().requiredFields().remove(selected);
        }
    }

    @FXML
    private void onAddEnumField() {
        viewModel.quality().addEnumField(enumFieldInput.getText());
        enumFieldInput.clear();
    }

    @FXML
    private void onRemoveEnumField() {
        viewModel.quality().removeSelectedEnumField();
    }

    @FXML
    private void onAddValue() {
        viewModel.quality().addAllowedValue(valueInput.getText());
        valueInput.clear();
    }

    @FXML
    private void onRemoveValue() {
        String selected = valueList.getSelectionModel().getSelectedItem();
        if (selected != null && valueList.getItems() != null) {
            valueList.getItems().remove(selected);
        }
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
    private void onReset() {
        viewModel.resetToDefaults();
    }

    /** Reads what the operator typed; anything that is not a whole number keeps the previous value. */
    private static final class LenientIntegerConverter extends StringConverter<Integer> {
        private final SpinnerValueFactory<Integer> factory;

        LenientIntegerConverter(SpinnerValueFactory<Integer> factory) {
            this.factory = factory;
        }

        @Override
        public String toString(Integer value) {
            return value == null ? "" : value.toString();
        }

        @Override
        public Integer fromString(String text) {
            try {
                return Integer.valueOf(text.strip().replace('−', '-'));
            } catch (NumberFormatException e) {
                return factory.getValue();
            }
        }
    }

    /** A section of the sub-navigation: its title over a one-line description. */
    private static final class SectionCell extends ListCell<SettingsSection> {
        private final Label title = new Label();
        private final Label description = new Label();
        private final VBox box = new VBox(title, description);

        SectionCell() {
            getStyleClass().add("section-cell");
            title.getStyleClass().add("section-cell-title");
            description.getStyleClass().add("section-cell-description");
            description.setWrapText(true);
            description.setMaxWidth(168);
            box.getStyleClass().add("section-cell-box");
        }

        @Override
        protected void updateItem(SettingsSection section, boolean empty) {
            super.updateItem(section, empty);
            if (empty || section == null) {
                setGraphic(null);
                setId(null);
            } else {
                title.setText(section.title());
                description.setText(section.description());
                setGraphic(box);
                setId("section-" + section.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }

    /** A rule's stable name, in monospace as it appears in the score breakdown. */
    private static final class RuleIdCell extends TableCell<RuleRow, String> {
        RuleIdCell() {
            getStyleClass().add("rule-id-cell");
        }

        @Override
        protected void updateItem(String id, boolean empty) {
            super.updateItem(id, empty);
            setText(empty ? null : id);
        }
    }

    /** The on/off switch of a rule. */
    private static final class EnabledCell extends TableCell<RuleRow, RuleRow> {
        private final CheckBox box = new CheckBox();
        private RuleRow bound;

        @Override
        protected void updateItem(RuleRow row, boolean empty) {
            super.updateItem(row, empty);
            if (bound != null) {
                box.selectedProperty().unbindBidirectional(bound.enabledProperty());
                bound = null;
            }
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            bound = row;
            box.setId("enabled-" + row.id());
            box.selectedProperty().bindBidirectional(row.enabledProperty());
            setGraphic(box);
        }
    }

    /** The points of a rule, in a spinner limited to the rule's range. */
    private static final class PointsCell extends TableCell<RuleRow, RuleRow> {
        private final Spinner<Integer> spinner = new Spinner<>();
        private final Tooltip tip = new Tooltip();
        private final javafx.beans.value.ChangeListener<Object> mark = (o, a, b) -> mark();
        private RuleRow bound;

        PointsCell() {
            spinner.setEditable(true);
            spinner.setPrefWidth(100);
            spinner.getStyleClass().add("points-spinner");
            commitOnFocusLoss(spinner);
        }

        @Override
        protected void updateItem(RuleRow row, boolean empty) {
            super.updateItem(row, empty);
            if (bound != null) {
                spinner.getValueFactory().valueProperty().unbindBidirectional(bound.pointsProperty());
                bound.pointsProperty().removeListener(mark);
                bound.enabledProperty().removeListener(mark);
                bound.errorProperty().removeListener(mark);
                bound = null;
            }
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            bound = row;
            bindSpinner(spinner, row.rule().minPoints(), row.rule().maxPoints(), row.pointsProperty());
            spinner.setId("points-" + row.id());
            row.pointsProperty().addListener(mark);
            row.enabledProperty().addListener(mark);
            row.errorProperty().addListener(mark);
            mark();
            tip.setText(row.rule().isPenalty() ? "A penalty: " + row.rule().minPoints() + " to 0"
                    : "A bonus: 0 to " + row.rule().maxPoints());
            spinner.setTooltip(tip);
            setGraphic(spinner);
        }

        /** Marks points that differ from the shipped default, a rule switched off, and a problem. */
        private void mark() {
            RuleRow row = bound;
            if (row == null) {
                return;
            }
            spinner.pseudoClassStateChanged(INVALID, !row.getError().isEmpty());
            spinner.pseudoClassStateChanged(OFF, !row.isEnabled());
            spinner.pseudoClassStateChanged(CHANGED, row.getPoints() != row.rule().defaultPoints());
        }
    }

    /** An enumerated field, marked when it has a problem (e.g. no values). */
    private static final class EnumFieldCell extends ListCell<EnumFieldRow> {
        @Override
        protected void updateItem(EnumFieldRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(empty || row == null ? null : row.field() + "  (" + row.values().size() + ")");
            pseudoClassStateChanged(INVALID, !empty && row != null && !row.getError().isEmpty());
        }
    }
}
