package io.leadwire.ui.deadletter;

import io.leadwire.ui.FxmlViews;
import java.util.function.Consumer;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/** The desk's dialogs: the buyer to replay to, and the reason for a discard. */
final class DeadLetterDialogs {
    static final String CSS = "/css/deadletter.css";
    /** Reasons sales ops give most; any other text is fine too. */
    static final String[] COMMON_REASONS = {"No buyer for this market", "Fake or test lead",
        "Too old to sell", "Duplicate of a sold lead", "Asked not to be contacted"};

    private DeadLetterDialogs() {
    }

    /** Lists the live buyers; replays the selection to the chosen one once the operator confirms. */
    static void showReplayTo(Window owner, DeadLetterViewModel viewModel, Consumer<String> onFailure) {
        int n = viewModel.selectedIds().size();
        String header = n > 1 ? "Replay " + n + " leads to one buyer" : "Replay " + viewModel.getDetailTitle();
        Dialog<ButtonType> dialog = dialog(owner, "Replay to a buyer", header);
        dialog.getDialogPane().setId("replay-to-dialog");
        ButtonType replay = new ButtonType(n > 1 ? "Replay " + n + " leads" : "Replay", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(replay, ButtonType.CANCEL);

        viewModel.buyerOptions().clear();
        ListView<BuyerOption> buyers = new ListView<>(viewModel.buyerOptions());
        buyers.setId("replay-buyer-list");
        buyers.setPrefHeight(200);
        buyers.setPlaceholder(new Label("No buyer can receive leads right now: set one up on the Buyers screen."));
        buyers.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(BuyerOption item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.toString());
                setDisable(!empty && item != null && !item.routable());
            }
        });
        viewModel.loadBuyerOptions();
        String edits = viewModel.isEdited() && n == 1 ? " Your edits to the lead's fields are stored first." : "";
        Label note = hint("The buyer's filters, caps and schedule are not applied, and no cap unit is reserved: "
                + "sending this lead is your explicit choice, recorded in its timeline with your name ("
                + viewModel.operator() + ")." + edits + (n > 1 ? " All " + n + " leads are replayed in one "
                + "transaction: all or none." : ""));
        dialog.getDialogPane().setContent(form(new Label("Buyer"), buyers, note));

        Button ok = (Button) dialog.getDialogPane().lookupButton(replay);
        ok.setId("replay-to-confirm");
        ok.getStyleClass().add("success");
        ok.disableProperty().bind(buyers.getSelectionModel().selectedItemProperty().isNull());
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            BuyerOption chosen = buyers.getSelectionModel().getSelectedItem();
            viewModel.replayTo(chosen == null ? null : chosen.buyerId(), onFailure);
        });
        dialog.setOnShown(e -> buyers.requestFocus());
        dialog.show();
    }

    /** Asks why; discards the selected dead letter(s) with that reason once the operator confirms. */
    static void showDiscard(Window owner, DeadLetterViewModel viewModel, Consumer<String> onFailure) {
        int n = viewModel.selectedIds().size();
        String header = n > 1 ? "Discard " + n + " leads" : "Discard " + viewModel.getDetailTitle();
        Dialog<ButtonType> dialog = dialog(owner, "Discard", header);
        dialog.getDialogPane().setId("discard-dialog");
        ButtonType discard = new ButtonType(n > 1 ? "Discard " + n + " leads" : "Discard lead",
                ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(discard, ButtonType.CANCEL);

        ComboBox<String> reason = new ComboBox<>();
        reason.setId("discard-reason");
        reason.setEditable(true);
        reason.getItems().setAll(COMMON_REASONS);
        reason.setPromptText("Choose or type a reason");
        reason.setMaxWidth(Double.MAX_VALUE);
        Label note = hint((n > 1 ? "The leads stay unsold and leave this list. " : "The lead stays unsold and leaves "
                + "this list. ") + "The reason goes into the timeline with your name (" + viewModel.operator() + ")."
                + (n > 1 ? " All " + n + " are discarded in one transaction: all or none." : ""));
        dialog.getDialogPane().setContent(form(new Label("Reason"), reason, note));

        Button ok = (Button) dialog.getDialogPane().lookupButton(discard);
        ok.setId("discard-confirm");
        ok.getStyleClass().add("danger");
        ok.disableProperty().bind(reason.getEditor().textProperty().isEmpty().and(reason.valueProperty().isNull()));
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            String text = reason.getEditor().getText();
            String why = text == null || text.isBlank() ? reason.getValue() : text;
            viewModel.discard(why, onFailure);
        });
        dialog.setOnShown(e -> reason.getEditor().requestFocus());
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
        dialog.getDialogPane().getStyleClass().add("deadletter-dialog");
        dialog.getDialogPane().setPrefWidth(540);
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
