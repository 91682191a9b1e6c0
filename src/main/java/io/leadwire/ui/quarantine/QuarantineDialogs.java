package io.leadwire.ui.quarantine;

import io.leadwire.ui.FxmlViews;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;
import javafx.util.Duration;

/** The desk's dialogs: the reason for a rejection, and the original of a duplicate. */
final class QuarantineDialogs {
    static final String CSS = "/css/quarantine.css";
    /** Reasons sales ops give most; any other text is fine too. */
    static final String[] COMMON_REASONS = {"Fake or test lead", "Already a customer", "Outside our market",
        "Asked not to be contacted", "Cannot be reached on any channel"};

    private QuarantineDialogs() {
    }

    /** Asks why; rejects the selected lead(s) with that reason once the operator confirms. */
    static void showReject(Window owner, QuarantineViewModel viewModel, Consumer<String> onFailure) {
        int n = viewModel.selectedIds().size();
        String header = n > 1 ? "Reject " + n + " leads" : "Reject " + viewModel.detailTitleProperty().get();
        Dialog<ButtonType> dialog = dialog(owner, "Reject", header);
        dialog.getDialogPane().setId("reject-dialog");
        ButtonType reject = new ButtonType(n > 1 ? "Reject " + n + " leads" : "Reject lead",
                ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(reject, ButtonType.CANCEL);

        ComboBox<String> reason = new ComboBox<>();
        reason.setId("reject-reason");
        reason.setEditable(true);
        reason.getItems().setAll(COMMON_REASONS);
        reason.setPromptText("Choose or type a reason");
        reason.setMaxWidth(Double.MAX_VALUE);
        Label note = hint(n > 1
                ? "The reason goes into each lead's timeline with your name (" + viewModel.operator() + "). "
                + "All " + n + " leads are rejected in one transaction: all or none."
                : "The reason goes into the lead's timeline with your name (" + viewModel.operator() + ").");
        dialog.getDialogPane().setContent(form(new Label("Reason"), reason, note));

        Button ok = (Button) dialog.getDialogPane().lookupButton(reject);
        ok.setId("reject-confirm");
        ok.getStyleClass().add("danger");
        ok.disableProperty().bind(reason.getEditor().textProperty().isEmpty()
                .and(reason.valueProperty().isNull()));
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            String text = reason.getEditor().getText();
            String why = text == null || text.isBlank() ? reason.getValue() : text;
            viewModel.reject(why, onFailure);
        });
        dialog.setOnShown(e -> reason.getEditor().requestFocus());
        dialog.show();
    }

    /** Finds the original by id, email, phone or name and links the selected lead to it. */
    static void showLink(Window owner, QuarantineViewModel viewModel) {
        Dialog<ButtonType> dialog = dialog(owner, "Link duplicate",
                "Link " + viewModel.detailTitleProperty().get() + " as a duplicate");
        dialog.getDialogPane().setId("link-dialog");
        ButtonType link = new ButtonType("Link and reject", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(link, ButtonType.CANCEL);

        TextField search = new TextField();
        search.setId("original-search");
        search.setPromptText("Original's email, phone, name or lead id");
        viewModel.originals().clear();
        ListView<OriginalRow> found = new ListView<>(viewModel.originals());
        found.setId("original-list");
        found.setPrefHeight(200);
        found.setPlaceholder(new Label("Type to search all leads"));
        PauseTransition debounce = new PauseTransition(Duration.millis(200));
        debounce.setOnFinished(e -> viewModel.searchOriginals(search.getText()));
        search.textProperty().addListener((o, a, b) -> debounce.playFromStart());
        Label error = new Label();
        error.getStyleClass().add("error-message");
        error.setWrapText(true);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        dialog.getDialogPane().setContent(form(search, found,
                hint("The lead becomes rejected; both leads' timelines record the link with your name."), error));

        Button ok = (Button) dialog.getDialogPane().lookupButton(link);
        ok.setId("link-confirm");
        ok.disableProperty().bind(found.getSelectionModel().selectedItemProperty().isNull());
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            error.setText("");
            viewModel.linkDuplicate(found.getSelectionModel().getSelectedItem().id(), () -> {
                dialog.setResult(link);
                dialog.close();
            }, error::setText);
        });
        dialog.setOnShown(e -> search.requestFocus());
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
        dialog.getDialogPane().getStyleClass().add("quarantine-dialog");
        dialog.getDialogPane().setPrefWidth(520);
        return dialog;
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
