package io.leadwire.ui.deadletter;

import io.leadwire.ui.FxmlViews;
import io.leadwire.ui.live.VendorChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import io.leadwire.ui.TableSelectionSync;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.util.Duration;

/**
 * The dead-letter desk. Keyboard first: J/K (or Down/Up) move through the list, R replays, T
 * replays to another buyer, G routes again, D or Delete discards, / or Ctrl+F searches, Esc
 * leaves a field.
 */
public final class DeadLetterView {
    private static final Duration SEARCH_DEBOUNCE = Duration.millis(250);
    private static final PseudoClass EDITED = PseudoClass.getPseudoClass("edited");

    private final DeadLetterViewModel viewModel;

    private TableSelectionSync<DeadLetterRow, Long> selection;

    @FXML
    private BorderPane root;
    @FXML
    private Label totalLabel;
    @FXML
    private Label operatorLabel;
    @FXML
    private TextField searchField;
    @FXML
    private ComboBox<VendorChoice> vendorCombo;
    @FXML
    private ComboBox<BuyerFilterChoice> buyerCombo;
    @FXML
    private ComboBox<SortChoice> sortCombo;
    @FXML
    private FlowPane reasonChips;
    @FXML
    private Label errorLabel;
    @FXML
    private SplitPane splitPane;
    @FXML
    private TableView<DeadLetterRow> table;
    @FXML
    private TableColumn<DeadLetterRow, String> leadColumn;
    @FXML
    private TableColumn<DeadLetterRow, String> vendorColumn;
    @FXML
    private TableColumn<DeadLetterRow, String> receivedColumn;
    @FXML
    private TableColumn<DeadLetterRow, String> reasonColumn;
    @FXML
    private TableColumn<DeadLetterRow, String> buyerColumn;
    @FXML
    private TableColumn<DeadLetterRow, String> errorColumn;
    @FXML
    private TableColumn<DeadLetterRow, String> attemptsColumn;
    @FXML
    private TableColumn<DeadLetterRow, String> httpColumn;
    @FXML
    private Button previousButton;
    @FXML
    private Button nextButton;
    @FXML
    private Label pageLabel;
    @FXML
    private Label messageLabel;
    @FXML
    private HBox bulkBox;
    @FXML
    private ProgressBar bulkProgress;
    @FXML
    private Label bulkLabel;
    @FXML
    private VBox detailPane;
    @FXML
    private Label detailTitle;
    @FXML
    private Label detailSubtitle;
    @FXML
    private Label whyLabel;
    @FXML
    private Button replayButton;
    @FXML
    private Button replayToButton;
    @FXML
    private Button routeAgainButton;
    @FXML
    private Button discardButton;
    @FXML
    private Label lastBuyerLabel;
    @FXML
    private Label multiHint;
    @FXML
    private Label refusalLabel;
    @FXML
    private ScrollPane detailScroll;
    @FXML
    private Hyperlink undoLink;
    @FXML
    private GridPane fieldGrid;
    @FXML
    private VBox deliveriesBox;
    @FXML
    private VBox roundsBox;
    @FXML
    private ListView<TimelineItem> timelineList;
    @FXML
    private HBox shortcutBar;

    private boolean swallowTyped;

    public DeadLetterView(DeadLetterViewModel viewModel) {
        this.viewModel = viewModel;
    }

    /** Loads the FXML with this ViewModel behind it. */
    public static Parent create(DeadLetterViewModel viewModel) {
        return FxmlViews.load("/fxml/deadletter/DeadLetterView.fxml", "/css/deadletter.css",
                new DeadLetterView(viewModel));
    }

    @FXML
    private void initialize() {
        bindHeader();
        bindTable();
        bindDetail();
        installKeys();
        splitPane.setDividerPositions(0.66);
        detailSubtitle.setMinHeight(Region.USE_PREF_SIZE);
        detailTitle.setMinHeight(Region.USE_PREF_SIZE);
        whyLabel.setMinHeight(Region.USE_PREF_SIZE);
        SplitPane.setResizableWithParent(detailPane, false);
    }

    private void bindHeader() {
        totalLabel.textProperty().bind(viewModel.totalTextProperty());
        operatorLabel.setText("Acting as " + viewModel.operator());
        searchField.setText(viewModel.searchTextProperty().get());
        PauseTransition debounce = new PauseTransition(SEARCH_DEBOUNCE);
        debounce.setOnFinished(e -> viewModel.searchTextProperty().set(searchField.getText()));
        searchField.textProperty().addListener((o, a, b) -> debounce.playFromStart());
        searchField.setOnAction(e -> {
            debounce.stop();
            viewModel.searchTextProperty().set(searchField.getText());
            table.requestFocus();
        });
        searchField.setTooltip(new Tooltip("Search (/ or Ctrl+F); Enter goes back to the list"));
        vendorCombo.setItems(viewModel.vendorChoices());
        vendorCombo.valueProperty().bindBidirectional(viewModel.vendorFilterProperty());
        buyerCombo.setItems(viewModel.buyerChoices());
        buyerCombo.valueProperty().bindBidirectional(viewModel.buyerFilterProperty());
        buyerCombo.setTooltip(new Tooltip("Only leads last offered to this buyer"));
        sortCombo.setItems(viewModel.sortChoices());
        sortCombo.valueProperty().bindBidirectional(viewModel.sortProperty());
        errorLabel.textProperty().bind(viewModel.errorMessageProperty());
        errorLabel.visibleProperty().bind(viewModel.errorMessageProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        viewModel.reasonChips().addListener((ListChangeListener<ReasonFilterChip>) c -> rebuildChips());
        viewModel.reasonFilterProperty().addListener((o, a, b) -> rebuildChips());
        rebuildChips();
    }

    private void rebuildChips() {
        List<Node> chips = new ArrayList<>();
        for (ReasonFilterChip chip : viewModel.reasonChips()) {
            ToggleButton b = new ToggleButton(chip.label());
            Label count = new Label(String.format("%,d", chip.count()));
            count.getStyleClass().add("chip-count");
            b.setGraphic(count);
            b.setContentDisplay(ContentDisplay.RIGHT);
            b.getStyleClass().add("reason-chip");
            b.setId("dl-chip-" + (chip.code() == null ? "all" : chip.code().replace('_', '-')));
            b.setSelected(Objects.equals(chip.code(), viewModel.reasonFilterProperty().get()));
            b.setFocusTraversable(false);
            b.setOnAction(e -> viewModel.filterByReason(chip.code()));
            chips.add(b);
        }
        reasonChips.getChildren().setAll(chips);
    }

    private void bindTable() {
        column(leadColumn, DeadLetterRow::vendorLeadId);
        column(vendorColumn, DeadLetterRow::vendor);
        column(receivedColumn, DeadLetterRow::received);
        receivedColumn.setCellFactory(c -> new ReceivedCell());
        column(reasonColumn, DeadLetterRow::reasonCode);
        reasonColumn.setCellFactory(c -> new ReasonCell());
        column(buyerColumn, r -> r.lastBuyer().isEmpty() ? "—" : r.lastBuyer());
        column(errorColumn, DeadLetterRow::errorClass);
        errorColumn.setCellFactory(c -> new ErrorCell());
        column(attemptsColumn, r -> String.valueOf(r.attempts()));
        column(httpColumn, DeadLetterRow::lastHttp);
        attemptsColumn.getStyleClass().add("numeric");
        httpColumn.getStyleClass().add("numeric");
        for (TableColumn<DeadLetterRow, ?> col : table.getColumns()) {
            col.setSortable(false); // the database sorts: the sort box applies to every page
        }
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        selection = new TableSelectionSync<>(table, viewModel.rows(), DeadLetterRow::seq, viewModel::selectedIds,
                viewModel::select);

        pageLabel.textProperty().bind(viewModel.pageTextProperty());
        previousButton.disableProperty().bind(viewModel.previousDisabledProperty());
        nextButton.disableProperty().bind(viewModel.nextDisabledProperty());
        messageLabel.textProperty().bind(viewModel.messageProperty());
        bulkBox.visibleProperty().bind(viewModel.bulkShownProperty());
        bulkBox.managedProperty().bind(bulkBox.visibleProperty());
        bulkProgress.progressProperty().bind(viewModel.bulkProgressProperty());
        bulkLabel.textProperty().bind(viewModel.bulkTextProperty());
    }

    private void bindDetail() {
        detailTitle.textProperty().bind(viewModel.detailTitleProperty());
        detailSubtitle.textProperty().bind(viewModel.detailSubtitleProperty());
        detailSubtitle.visibleProperty().bind(viewModel.detailShownProperty());
        whyLabel.textProperty().bind(viewModel.whyTextProperty());
        whyLabel.visibleProperty().bind(viewModel.detailShownProperty());
        whyLabel.managedProperty().bind(whyLabel.visibleProperty());
        lastBuyerLabel.textProperty().bind(viewModel.lastBuyerTextProperty());
        lastBuyerLabel.visibleProperty().bind(viewModel.detailShownProperty()
                .and(viewModel.multiSelectionProperty().not()));
        lastBuyerLabel.managedProperty().bind(lastBuyerLabel.visibleProperty());
        detailScroll.visibleProperty().bind(viewModel.detailShownProperty());

        replayButton.textProperty().bind(viewModel.replayTextProperty());
        replayToButton.textProperty().bind(viewModel.replayToTextProperty());
        discardButton.textProperty().bind(viewModel.discardTextProperty());
        replayButton.setTooltip(new Tooltip("Replay to the buyer tried last, with your edits if you made any (R). "
                + "With several selected, replays each to its own last buyer in one transaction."));
        replayToButton.setTooltip(new Tooltip("Choose a live buyer and replay to it (T)"));
        routeAgainButton.setTooltip(new Tooltip("Put the lead back to routing for a fresh round (G). Buyers "
                + "already tried are skipped: reach them with Replay or Replay to…."));
        discardButton.setTooltip(new Tooltip("Discard with a reason; the lead stays unsold (D or Delete)"));
        for (Button b : List.of(replayButton, replayToButton, routeAgainButton, discardButton)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        replayButton.disableProperty().bind(viewModel.replayDisabledProperty());
        replayToButton.disableProperty().bind(viewModel.actionsDisabledProperty());
        routeAgainButton.disableProperty().bind(viewModel.routeAgainDisabledProperty());
        discardButton.disableProperty().bind(viewModel.actionsDisabledProperty());
        multiHint.visibleProperty().bind(viewModel.multiSelectionProperty());
        multiHint.managedProperty().bind(multiHint.visibleProperty());
        refusalLabel.textProperty().bind(viewModel.refusalProperty());
        refusalLabel.visibleProperty().bind(viewModel.refusalProperty().isNotEmpty());
        refusalLabel.managedProperty().bind(refusalLabel.visibleProperty());
        undoLink.visibleProperty().bind(viewModel.editedProperty());

        viewModel.fields().addListener((ListChangeListener<LeadFieldEdit>) c -> rebuildForm());
        viewModel.deliveries().addListener((ListChangeListener<DeliveryItem>) c -> rebuildDeliveries());
        viewModel.rounds().addListener((ListChangeListener<RoundItem>) c -> rebuildRounds());
        timelineList.setItems(viewModel.timeline());
        timelineList.setCellFactory(l -> new TimelineCell());
        timelineList.setFocusTraversable(false);
        shortcuts();
    }

    private void shortcuts() {
        String[][] keys = {{"J", "K"}, {"R"}, {"T"}, {"G"}, {"D"}, {"/"}, {"Esc"}};
        String[] what = {"next / previous", "replay", "replay to…", "route again", "discard", "search",
            "back to the list"};
        List<Node> hints = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            HBox hint = new HBox(3);
            hint.setAlignment(Pos.CENTER_LEFT);
            for (String k : keys[i]) {
                Label cap = new Label(k);
                cap.getStyleClass().add("kbd");
                hint.getChildren().add(cap);
            }
            Label text = new Label(what[i]);
            text.getStyleClass().add("shortcut-text");
            hint.getChildren().add(text);
            hints.add(hint);
        }
        shortcutBar.getChildren().setAll(hints);
    }

    private void rebuildForm() {
        fieldGrid.getChildren().clear();
        int row = 0;
        for (LeadFieldEdit f : viewModel.fields()) {
            Label name = new Label(f.label());
            name.getStyleClass().add("field-name");
            TextField input = new TextField();
            input.setId("dl-field-" + f.name().replace('_', '-'));
            input.getStyleClass().add("field-input");
            input.textProperty().bindBidirectional(f.valueProperty());
            GridPane.setHgrow(input, Priority.ALWAYS);
            Runnable mark = () -> {
                input.pseudoClassStateChanged(EDITED, f.isEdited());
                name.pseudoClassStateChanged(EDITED, f.isEdited());
            };
            f.editedProperty().addListener((o, a, b) -> mark.run());
            mark.run();
            fieldGrid.add(name, 0, row);
            fieldGrid.add(input, 1, row);
            row++;
        }
    }

    private void rebuildDeliveries() {
        List<Node> cards = new ArrayList<>();
        for (DeliveryItem d : viewModel.deliveries()) {
            Label buyer = new Label(d.buyer());
            buyer.getStyleClass().add("delivery-buyer");
            Label status = new Label(d.status());
            status.getStyleClass().addAll("status-tag", "status-" + d.status());
            status.setMinWidth(Region.USE_PREF_SIZE);
            Label summary = new Label(d.summary());
            summary.getStyleClass().add("delivery-summary");
            HBox head = new HBox(8, buyer, status);
            head.setAlignment(Pos.CENTER_LEFT);
            VBox card = new VBox(4, head, summary);
            card.getStyleClass().add("delivery-card");
            if (!d.reason().isEmpty()) {
                Label reason = new Label(d.reason());
                reason.setWrapText(true);
                reason.getStyleClass().add("delivery-reason");
                reason.setMinHeight(Region.USE_PREF_SIZE);
                card.getChildren().add(reason);
            }
            if (!d.request().isEmpty()) {
                card.getChildren().addAll(caption("Request"), exchange(d.request()));
            }
            card.getChildren().addAll(caption("Response"), exchange(d.response()));
            cards.add(card);
        }
        if (cards.isEmpty() && viewModel.isDetailShown()) {
            Label none = new Label("No delivery was made: no buyer could take the lead when it was routed.");
            none.setWrapText(true);
            none.getStyleClass().add("hint-text");
            cards.add(none);
        }
        deliveriesBox.getChildren().setAll(cards);
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("exchange-caption");
        return l;
    }

    private static TextArea exchange(String text) {
        TextArea area = new TextArea(text);
        area.setEditable(false);
        area.setWrapText(false);
        area.getStyleClass().add("exchange-text");
        long lines = text.lines().count();
        area.setPrefRowCount((int) Math.max(2, Math.min(9, lines)));
        area.setFocusTraversable(false);
        return area;
    }

    private void rebuildRounds() {
        List<Node> out = new ArrayList<>();
        for (RoundItem r : viewModel.rounds()) {
            Label title = new Label(r.title());
            title.getStyleClass().add("round-title");
            title.setWrapText(true);
            title.setMinHeight(Region.USE_PREF_SIZE);
            VBox box = new VBox(2, title);
            box.getStyleClass().add("round-box");
            for (String s : r.skipped()) {
                Label line = new Label("skipped " + s);
                line.setWrapText(true);
                line.setMinHeight(Region.USE_PREF_SIZE);
                line.getStyleClass().add("round-skip");
                box.getChildren().add(line);
            }
            out.add(box);
        }
        roundsBox.getChildren().setAll(out);
    }

    private void installKeys() {
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        // A handled shortcut's character must not land in the field it moved the focus to ("/" → search).
        root.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (swallowTyped) {
                swallowTyped = false;
                e.consume();
            }
        });
    }

    private void onKey(KeyEvent e) {
        boolean typing = root.getScene() != null && root.getScene().getFocusOwner() instanceof TextInputControl
                && ((TextInputControl) root.getScene().getFocusOwner()).isEditable();
        boolean plain = !e.isControlDown() && !e.isAltDown() && !e.isMetaDown() && !e.isShortcutDown();
        if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
            onReplay();
        } else if (e.getCode() == KeyCode.F && e.isShortcutDown()) {
            focusSearch();
        } else if (e.getCode() == KeyCode.ESCAPE && typing) {
            table.requestFocus();
        } else if (typing || !plain) {
            return;
        } else if (e.getCode() == KeyCode.J) {
            move(1);
        } else if (e.getCode() == KeyCode.K) {
            move(-1);
        } else if (e.getCode() == KeyCode.R) {
            onReplay();
        } else if (e.getCode() == KeyCode.T) {
            onReplayTo();
        } else if (e.getCode() == KeyCode.G) {
            onRouteAgain();
        } else if (e.getCode() == KeyCode.D || e.getCode() == KeyCode.DELETE) {
            onDiscard();
        } else if (e.getCode() == KeyCode.SLASH || "/".equals(e.getText())) {
            focusSearch();
        } else {
            return;
        }
        swallowTyped = plain && !typing;
        e.consume();
    }

    private void focusSearch() {
        searchField.requestFocus();
        searchField.selectAll();
    }

    private void move(int step) {
        selection.move(step);
    }

    @FXML
    private void onPreviousPage() {
        viewModel.previousPage();
    }

    @FXML
    private void onNextPage() {
        viewModel.nextPage();
    }

    @FXML
    private void onReplay() {
        if (viewModel.isReplayDisabled()) {
            return;
        }
        viewModel.replay(this::showFailure);
    }

    @FXML
    private void onReplayTo() {
        if (viewModel.isActionsDisabled()) {
            return;
        }
        DeadLetterDialogs.showReplayTo(root.getScene().getWindow(), viewModel, this::showFailure);
    }

    @FXML
    private void onRouteAgain() {
        if (viewModel.isRouteAgainDisabled()) {
            return;
        }
        viewModel.routeAgain(this::showFailure);
    }

    @FXML
    private void onDiscard() {
        if (viewModel.isActionsDisabled()) {
            return;
        }
        DeadLetterDialogs.showDiscard(root.getScene().getWindow(), viewModel, this::showFailure);
    }

    @FXML
    private void onUndo() {
        viewModel.undoEdits();
    }

    private void showFailure(String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(root.getScene().getWindow());
        alert.initModality(Modality.WINDOW_MODAL);
        alert.setTitle("Dead letters");
        alert.setHeaderText("The action was not carried out");
        alert.setContentText(message);
        alert.getDialogPane().setId("deadletter-failure");
        alert.getDialogPane().getStylesheets().addAll(root.getStylesheets());
        alert.show();
    }

    private static void column(TableColumn<DeadLetterRow, String> column, Function<DeadLetterRow, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setCellFactory(c -> new TextCell());
    }

    /** Plain text with the whole value as a tooltip, for columns narrower than their longest value. */
    private static final class TextCell extends TableCell<DeadLetterRow, String> {
        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            setText(empty ? null : text);
            setTooltip(empty || text == null || text.length() < 10 ? null : new Tooltip(text));
        }
    }

    /** When the lead came in: the time today, the date before; both in the tooltip. */
    private static final class ReceivedCell extends TableCell<DeadLetterRow, String> {
        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            DeadLetterRow row = empty ? null : getTableRow().getItem();
            setText(row == null ? null : row.receivedShort());
            setTooltip(row == null ? null : new Tooltip("Received " + row.received()));
        }
    }

    /** The reason as a small coloured tag. */
    private static final class ReasonCell extends TableCell<DeadLetterRow, String> {
        private final Label tag = new Label();

        ReasonCell() {
            tag.getStyleClass().add("reason-tag");
            tag.setMinWidth(Region.USE_PREF_SIZE);
            setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(String code, boolean empty) {
            super.updateItem(code, empty);
            tag.getStyleClass().removeAll("reason-exhausted", "reason-none");
            if (empty || code == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            boolean exhausted = "waterfall_exhausted".equals(code);
            tag.setText(exhausted ? "exhausted" : "no buyer");
            tag.getStyleClass().add(exhausted ? "reason-exhausted" : "reason-none");
            setTooltip(new Tooltip(DeadLetterViewModel.reasonLabel(code)));
            setGraphic(tag);
        }
    }

    /** The error class in monospace, coloured by family (rejections apart from failures). */
    private static final class ErrorCell extends TableCell<DeadLetterRow, String> {
        @Override
        protected void updateItem(String error, boolean empty) {
            super.updateItem(error, empty);
            getStyleClass().removeAll("error-answer");
            if (empty || error == null) {
                setText(null);
                return;
            }
            setText(error);
            setTooltip(error.length() < 10 ? null : new Tooltip(error));
            if ("rejected".equals(error) || "duplicate".equals(error)) {
                getStyleClass().add("error-answer");
            }
        }
    }

    /** A timeline entry: time, type and who on one line, the detail wrapped below. */
    private static final class TimelineCell extends ListCell<TimelineItem> {
        private final Label time = new Label();
        private final Label type = new Label();
        private final Label actor = new Label();
        private final Label detail = new Label();
        private final VBox box = new VBox(2, new HBox(10, time, type, actor), detail);

        TimelineCell() {
            time.getStyleClass().add("timeline-time");
            type.getStyleClass().add("timeline-type");
            actor.getStyleClass().add("timeline-actor");
            detail.getStyleClass().add("timeline-detail");
            detail.setWrapText(true);
            detail.setMinHeight(Region.USE_PREF_SIZE);
            setPrefWidth(0);
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(TimelineItem item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            time.setText(item.time());
            type.setText(item.type());
            actor.setText(item.actor().isEmpty() ? "" : "by " + item.actor());
            detail.setText(item.detail());
            setGraphic(box);
        }
    }
}
