package io.leadwire.ui.vendors;

import io.leadwire.ui.FxmlViews;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** The Vendors screen: the vendor table and the buttons that open the vendor dialogs. */
public final class VendorsView {
    private static final PseudoClass REVOKED = PseudoClass.getPseudoClass("revoked");
    private static final PseudoClass FAILING = PseudoClass.getPseudoClass("failing");

    private final VendorsViewModel viewModel;

    @FXML
    private Button addButton;
    @FXML
    private Button rotateButton;
    @FXML
    private Button revokeButton;
    @FXML
    private Button allowlistButton;
    @FXML
    private Label messageLabel;
    @FXML
    private Label errorLabel;
    @FXML
    private Label unknownCallersLabel;
    @FXML
    private Label pollDetailLabel;
    @FXML
    private TableColumn<VendorRow, VendorRow> intakeColumn;
    @FXML
    private TableColumn<VendorRow, String> dialectColumn;
    @FXML
    private TableView<VendorRow> vendorTable;
    @FXML
    private TableColumn<VendorRow, String> nameColumn;
    @FXML
    private TableColumn<VendorRow, VendorRow> keyColumn;
    @FXML
    private TableColumn<VendorRow, String> networksColumn;
    @FXML
    private TableColumn<VendorRow, String> leadsColumn;
    @FXML
    private TableColumn<VendorRow, String> refusalsColumn;

    private boolean syncingSelection;

    public VendorsView(VendorsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public static Parent create(VendorsViewModel viewModel) {
        return FxmlViews.load("/fxml/vendors/VendorsView.fxml", "/css/vendors.css", new VendorsView(viewModel));
    }

    @FXML
    private void initialize() {
        column(nameColumn, VendorRow::name);
        column(networksColumn, VendorRow::networks);
        column(leadsColumn, VendorRow::leadsTodayText);
        column(refusalsColumn, VendorRow::refusalsTodayText);
        column(dialectColumn, VendorRow::dialectText);
        intakeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        intakeColumn.setCellFactory(c -> new IntakeCell());
        keyColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        keyColumn.setCellFactory(c -> new KeyCell());
        vendorTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        vendorTable.setItems(viewModel.rows());
        // The operator's clicks select in the ViewModel; a reload re-selects the same vendor from there.
        vendorTable.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (!syncingSelection) {
                viewModel.selectedVendorProperty().set(row);
            }
        });
        viewModel.rows().addListener((ListChangeListener<VendorRow>) c -> showSelection());
        viewModel.selectedVendorProperty().addListener((o, a, row) -> showSelection());

        rotateButton.disableProperty().bind(viewModel.noSelectionProperty());
        revokeButton.disableProperty().bind(viewModel.noActiveKeyProperty());
        allowlistButton.disableProperty().bind(viewModel.noSelectionProperty());
        messageLabel.textProperty().bind(viewModel.messageProperty());
        errorLabel.textProperty().bind(viewModel.errorMessageProperty());
        unknownCallersLabel.textProperty().bind(viewModel.unknownCallersProperty());
        unknownCallersLabel.visibleProperty().bind(viewModel.unknownCallersProperty().isNotEmpty());
        unknownCallersLabel.managedProperty().bind(unknownCallersLabel.visibleProperty());
        pollDetailLabel.textProperty().bind(viewModel.pollDetailProperty());
        pollDetailLabel.visibleProperty().bind(viewModel.pollDetailProperty().isNotEmpty());
        pollDetailLabel.managedProperty().bind(pollDetailLabel.visibleProperty());
        errorLabel.visibleProperty().bind(viewModel.errorMessageProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
    }

    private void showSelection() {
        VendorRow row = viewModel.getSelectedVendor();
        if (row == vendorTable.getSelectionModel().getSelectedItem()) {
            return;
        }
        syncingSelection = true;
        try {
            if (row == null) {
                vendorTable.getSelectionModel().clearSelection();
            } else {
                vendorTable.getSelectionModel().select(row);
            }
        } finally {
            syncingSelection = false;
        }
    }

    private static void column(TableColumn<VendorRow, String> column, Function<VendorRow, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
    }

    @FXML
    private void onAdd() {
        VendorDialogs.showAdd(vendorTable.getScene().getWindow(), viewModel,
                key -> VendorDialogs.showKey(vendorTable.getScene().getWindow(), key));
    }

    @FXML
    private void onRotate() {
        VendorRow row = viewModel.getSelectedVendor();
        if (row == null || !confirm("Rotate the key of " + row.name() + "?",
                "The current key stops working at once. Give the new key to " + row.name()
                        + " before they post again.", "Rotate key")) {
            return;
        }
        viewModel.rotateSelected(key -> VendorDialogs.showKey(vendorTable.getScene().getWindow(), key),
                this::showError);
    }

    @FXML
    private void onRevoke() {
        VendorRow row = viewModel.getSelectedVendor();
        if (row == null || !confirm("Revoke the key of " + row.name() + "?",
                row.name() + "'s posts will be refused (401) until you rotate a new key in.", "Revoke key")) {
            return;
        }
        viewModel.revokeSelected(() -> { }, this::showError);
    }

    @FXML
    private void onEditAllowlist() {
        if (viewModel.getSelectedVendor() == null) {
            return;
        }
        VendorDialogs.showAllowlist(vendorTable.getScene().getWindow(), viewModel);
    }

    private boolean confirm(String header, String content, String action) {
        ButtonType yes = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, content, yes, ButtonType.CANCEL);
        alert.initOwner(vendorTable.getScene().getWindow());
        alert.setTitle(action);
        alert.setHeaderText(header);
        return alert.showAndWait().filter(yes::equals).isPresent();
    }

    private void showError(String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        alert.initOwner(vendorTable.getScene().getWindow());
        alert.setTitle("Vendors");
        alert.setHeaderText("That did not work");
        alert.show();
    }

    /** The key column: the key's prefix, or "revoked" marked by a pseudo-class. */
    private static final class KeyCell extends TableCell<VendorRow, VendorRow> {
        KeyCell() {
            getStyleClass().add("key-cell");
        }

        @Override
        protected void updateItem(VendorRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(empty || row == null ? null : row.key());
            pseudoClassStateChanged(REVOKED, !empty && row != null && !row.keyActive());
        }
    }

    /** The intake column: push, pull or hybrid; a failing poll is marked by a pseudo-class. */
    private static final class IntakeCell extends TableCell<VendorRow, VendorRow> {
        IntakeCell() {
            getStyleClass().add("intake-cell");
        }

        @Override
        protected void updateItem(VendorRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(empty || row == null ? null : row.intakeText());
            pseudoClassStateChanged(FAILING, !empty && row != null && row.intakeFailing());
        }
    }
}
