package io.leadwire.ui.buyers;

import io.leadwire.ui.FxmlViews;
import java.io.File;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * The buyer dialogs. Each stays open while its action runs and shows what went wrong inline, so
 * the operator fixes the input instead of starting over.
 */
final class BuyerDialogs {
    static final String CSS = "/css/buyers.css";

    private BuyerDialogs() {
    }

    /** Adds a buyer: import a buyer file, or make one from a published mapping. */
    static void showAdd(Window owner, BuyersViewModel viewModel) {
        Dialog<ButtonType> dialog = dialog(owner, "Add buyer", "Add a buyer");
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        Label error = errorLabel();

        Button importButton = new Button("Import buyer file…");
        importButton.setId("import-buyer-file");
        importButton.getStyleClass().add("accent");
        importButton.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Import buyer file");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Buyer files", "*.json"));
            File file = chooser.showOpenDialog(dialog.getDialogPane().getScene().getWindow());
            if (file == null) {
                return;
            }
            importButton.setDisable(true);
            error.setText("");
            viewModel.importFile(file.toPath(), dialog::close, message -> {
                error.setText(message);
                importButton.setDisable(false);
            });
        });

        ComboBox<String> mapping = new ComboBox<>(viewModel.unassignedMappings());
        mapping.setId("new-buyer-mapping");
        mapping.setPromptText("published mapping");
        mapping.setPrefWidth(260);
        TextField url = new TextField();
        url.setId("new-buyer-production");
        url.setPromptText("production URL (empty: the mapping's request URL)");
        Button create = new Button("Create buyer");
        create.setId("create-buyer");
        create.disableProperty().bind(mapping.valueProperty().isNull());
        create.setOnAction(e -> {
            error.setText("");
            viewModel.createFromMapping(mapping.getValue(), url.getText(), dialog::close, error::setText);
        });
        viewModel.loadUnassignedMappings();

        dialog.getDialogPane().setContent(form(
                title("From a buyer file"),
                hint("A buyer file is the buyer's mapping with a \"buyer\" block of delivery settings, as "
                        + "leadwire buyer export writes it. Its mapping is published when it changed."),
                importButton,
                new Separator(),
                title("From a published mapping"),
                hint("Default settings, switched off until you have checked price, caps and endpoints."),
                new HBox(8, mapping, create),
                url,
                error));
        dialog.show();
    }

    /** Stores one secret; the value is typed into a password field and never shown again. */
    static void showSetSecret(Window owner, BuyersViewModel viewModel, String preset) {
        Dialog<ButtonType> dialog = dialog(owner, "Set secret", "Store a secret of " + viewModel.formTitleProperty()
                .get());
        ButtonType store = new ButtonType("Store secret", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(store, ButtonType.CANCEL);
        TextField name = new TextField(preset);
        name.setId("secret-name");
        name.setPromptText("e.g. ABC_TOKEN");
        PasswordField value = new PasswordField();
        value.setId("secret-value");
        Label error = errorLabel();
        dialog.getDialogPane().setContent(form(new Label("Name"), name, new Label("Value"), value,
                hint("Encrypted before it is stored. Nobody can read it back here; set it again to change it."),
                error));
        Button ok = (Button) dialog.getDialogPane().lookupButton(store);
        ok.setId("store-secret");
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            ok.setDisable(true);
            error.setText("");
            viewModel.setSecret(name.getText(), value.getText(), () -> {
                value.clear();
                dialog.setResult(store);
                dialog.close();
            }, message -> {
                error.setText(message);
                ok.setDisable(false);
            });
        });
        dialog.setOnShown(e -> (preset.isEmpty() ? name : value).requestFocus());
        dialog.show();
    }

    static boolean confirm(Window owner, String header, String content, String action) {
        ButtonType yes = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, content, yes, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle(action);
        alert.setHeaderText(header);
        return alert.showAndWait().filter(yes::equals).isPresent();
    }

    private static Dialog<ButtonType> dialog(Window owner, String title, String header) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle(title);
        dialog.setHeaderText(header);
        dialog.getDialogPane().getStylesheets().addAll(owner.getScene().getRoot().getStylesheets());
        dialog.getDialogPane().getStylesheets().add(FxmlViews.resource(CSS));
        dialog.getDialogPane().getStyleClass().add("buyer-dialog");
        dialog.getDialogPane().setPrefWidth(580);
        return dialog;
    }

    private static Label errorLabel() {
        Label error = new Label();
        error.getStyleClass().add("error-message");
        error.setWrapText(true);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        return error;
    }

    private static Label title(String text) {
        Label title = new Label(text);
        title.getStyleClass().add("card-title");
        return title;
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
