package io.leadwire.ui.vendors;

import io.leadwire.ui.FxmlViews;
import java.util.function.Consumer;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * The vendor dialogs. Each one stays open while its action runs and shows what went wrong
 * inline, so the operator can fix the input instead of starting over.
 */
final class VendorDialogs {
    static final String CSS = "/css/vendors.css";

    private VendorDialogs() {
    }

    /** Asks for name and allowlist, adds the vendor, then hands the issued key on. */
    static void showAdd(Window owner, VendorsViewModel viewModel, Consumer<NewApiKey> onKey) {
        Dialog<ButtonType> dialog = dialog(owner, "Add vendor", "Add a lead vendor");
        ButtonType add = new ButtonType("Add vendor", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(add, ButtonType.CANCEL);

        TextField name = new TextField();
        name.setId("vendor-name-field");
        name.setPromptText("e.g. Acme Leads Ltd");
        TextArea networks = new TextArea();
        networks.setId("vendor-allowlist-field");
        networks.setPromptText("203.0.113.0/24\n2001:db8::/32");
        networks.setPrefRowCount(3);
        Label error = errorLabel();
        dialog.getDialogPane().setContent(form(
                new Label("Name"), name,
                new Label("Allowed networks"), networks,
                hint("One network per line or comma-separated. Leave empty to allow any address."),
                error));

        Button ok = (Button) dialog.getDialogPane().lookupButton(add);
        ok.setId("add-vendor-confirm");
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            ok.setDisable(true);
            error.setText("");
            viewModel.addVendor(name.getText(), networks.getText(), key -> {
                closeWith(dialog, add);
                onKey.accept(key);
            }, message -> {
                error.setText(message);
                ok.setDisable(false);
            });
        });
        dialog.setOnShown(e -> name.requestFocus());
        dialog.show();
    }

    /** Shows a freshly issued key once, with a copy button and the warning that it is not kept. */
    static void showKey(Window owner, NewApiKey key) {
        Dialog<ButtonType> dialog = dialog(owner, "API key",
                (key.rotated() ? "New API key for " : "API key for ") + key.vendorName());
        dialog.getDialogPane().getButtonTypes().setAll(new ButtonType("Done", ButtonBar.ButtonData.OK_DONE));
        dialog.getDialogPane().setId("issued-key-dialog");

        TextField field = new TextField(key.apiKey());
        field.setId("issued-key-field");
        field.setEditable(false);
        field.getStyleClass().add("key-field");
        HBox.setHgrow(field, Priority.ALWAYS);
        Button copy = new Button("Copy");
        copy.setId("copy-key-button");
        Label copied = new Label();
        copied.getStyleClass().add("info-message");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(key.apiKey());
            Clipboard.getSystemClipboard().setContent(content);
            copied.setText("Copied to the clipboard.");
        });
        HBox keyRow = new HBox(8, field, copy);
        keyRow.getStyleClass().add("key-row");

        Label warning = new Label("Copy this key now: it is shown only once and Leadwire does not keep it. "
                + "If it is lost, rotate the key.");
        warning.getStyleClass().add("key-warning");
        warning.setWrapText(true);
        TextField url = new TextField(key.intakeUrl());
        url.setEditable(false);
        Label usage = new Label("The vendor posts leads to this URL with the header "
                + "\"Authorization: Bearer <key>\".");
        usage.setWrapText(true);
        usage.getStyleClass().add("hint-text");
        dialog.getDialogPane().setContent(form(warning, keyRow, copied, new Label("Intake URL"), url, usage));
        dialog.show();
    }

    /** Edits the selected vendor's allowlist. */
    static void showAllowlist(Window owner, VendorsViewModel viewModel) {
        VendorRow row = viewModel.getSelectedVendor();
        Dialog<ButtonType> dialog = dialog(owner, "Edit allowlist", "Networks " + row.name() + " may post from");
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(save, ButtonType.CANCEL);
        TextArea networks = new TextArea(viewModel.selectedAllowlistText());
        networks.setId("allowlist-field");
        networks.setPromptText("203.0.113.0/24");
        networks.setPrefRowCount(5);
        Label error = errorLabel();
        dialog.getDialogPane().setContent(form(
                networks, hint("One network per line or comma-separated. Leave empty to allow any address."),
                error));
        Button ok = (Button) dialog.getDialogPane().lookupButton(save);
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            ok.setDisable(true);
            viewModel.setAllowlistOfSelected(networks.getText(), () -> closeWith(dialog, save), message -> {
                error.setText(message);
                ok.setDisable(false);
            });
        });
        dialog.show();
    }

    private static Dialog<ButtonType> dialog(Window owner, String title, String header) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle(title);
        dialog.setHeaderText(header);
        dialog.getDialogPane().getStylesheets().addAll(owner.getScene().getRoot().getStylesheets());
        dialog.getDialogPane().getStylesheets().add(FxmlViews.resource(CSS));
        dialog.getDialogPane().getStyleClass().add("vendor-dialog");
        dialog.getDialogPane().setPrefWidth(560);
        return dialog;
    }

    private static void closeWith(Dialog<ButtonType> dialog, ButtonType result) {
        dialog.setResult(result);
        dialog.close();
    }

    private static Label errorLabel() {
        Label error = new Label();
        error.getStyleClass().add("error-message");
        error.setWrapText(true);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        return error;
    }

    private static Label hint(String text) {
        Label hint = new Label(text);
        hint.getStyleClass().add("hint-text");
        hint.setWrapText(true);
        return hint;
    }

    private static VBox form(Node... nodes) {
        VBox box = new VBox(8, nodes);
        box.getStyleClass().add("dialog-form");
        return box;
    }
}
