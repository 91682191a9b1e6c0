package io.leadwire.ui.quarantine;

import io.leadwire.ui.FxmlViews;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import io.leadwire.ui.TableSelectionSync;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectWrapper;
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
 * The quarantine desk. Keyboard first: J/K (or Down/Up) move through the queue, R or Ctrl+Enter
 * releases, X or Delete rejects, L links a duplicate, / or Ctrl+F searches, Esc leaves a field.
 */
public final class QuarantineView {
    static final Duration REVALIDATE_DEBOUNCE = Duration.millis(150);
    private static final Duration SEARCH_DEBOUNCE = Duration.millis(250);
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass EDITED = PseudoClass.getPseudoClass("edited");
    private static final PseudoClass POSITIVE = PseudoClass.getPseudoClass("positive");
    private static final PseudoClass NEGATIVE = PseudoClass.getPseudoClass("negative");

    private final QuarantineViewModel viewModel;
    private final PauseTransition revalidate = new PauseTransition(REVALIDATE_DEBOUNCE);

    private TableSelectionSync<QueueRow, String> selection;

    @FXML
    private BorderPane root;
    @FXML
    private Label totalLabel;
    @FXML
    private Label operatorLabel;
    @FXML
    private TextField searchField;
    @FXML
    private ComboBox<io.leadwire.ui.live.VendorChoice> vendorCombo;
    @FXML
    private ComboBox<AgeChoice> ageCombo;
    @FXML
    private ComboBox<SortChoice> sortCombo;
    @FXML
    private FlowPane reasonChips;
    @FXML
    private Label errorLabel;
    @FXML
    private SplitPane splitPane;
    @FXML
    private TableView<QueueRow> queueTable;
    @FXML
    private TableColumn<QueueRow, String> ageColumn;
    @FXML
    private TableColumn<QueueRow, String> vendorColumn;
    @FXML
    private TableColumn<QueueRow, String> leadIdColumn;
    @FXML
    private TableColumn<QueueRow, String> nameColumn;
    @FXML
    private TableColumn<QueueRow, QueueRow> scoreColumn;
    @FXML
    private TableColumn<QueueRow, List<ReasonLabel>> reasonsColumn;
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
    private Button releaseButton;
    @FXML
    private Button rejectButton;
    @FXML
    private Button linkButton;
    @FXML
    private Label refusalLabel;
    @FXML
    private Label multiHint;
    @FXML
    private ScrollPane detailScroll;
    @FXML
    private Label scoreLabel;
    @FXML
    private Label tierLabel;
    @FXML
    private Label outcomeLabel;
    @FXML
    private VBox findingsBox;
    @FXML
    private GridPane fieldGrid;
    @FXML
    private TableView<ScoreRow> breakdownTable;
    @FXML
    private TableColumn<ScoreRow, ScoreRow> pointsColumn;
    @FXML
    private TableColumn<ScoreRow, String> ruleReasonColumn;
    @FXML
    private ListView<TimelineItem> timelineList;
    @FXML
    private HBox shortcutBar;

    private boolean swallowTyped;
    private PseudoClass currentTier;

    public QuarantineView(QuarantineViewModel viewModel) {
        this.viewModel = viewModel;
    }

    /** Loads the FXML with this ViewModel behind it. */
    public static Parent create(QuarantineViewModel viewModel) {
        return FxmlViews.load("/fxml/quarantine/QuarantineView.fxml", "/css/quarantine.css",
                new QuarantineView(viewModel));
    }

    @FXML
    private void initialize() {
        bindHeader();
        bindQueue();
        bindDetail();
        installKeys();
        revalidate.setOnFinished(e -> viewModel.revalidate());
        splitPane.setDividerPositions(0.58);
        scoreLabel.setMinWidth(Region.USE_PREF_SIZE);
        detailSubtitle.setMinHeight(Region.USE_PREF_SIZE);
        detailTitle.setMinHeight(Region.USE_PREF_SIZE);
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
            queueTable.requestFocus();
        });
        searchField.setTooltip(new Tooltip("Search (/ or Ctrl+F); Enter goes back to the queue"));
        vendorCombo.setItems(viewModel.vendorChoices());
        vendorCombo.valueProperty().bindBidirectional(viewModel.vendorFilterProperty());
        ageCombo.setItems(viewModel.ageChoices());
        ageCombo.valueProperty().bindBidirectional(viewModel.ageFilterProperty());
        sortCombo.setItems(viewModel.sortChoices());
        sortCombo.valueProperty().bindBidirectional(viewModel.sortProperty());
        errorLabel.textProperty().bind(viewModel.errorMessageProperty());
        errorLabel.visibleProperty().bind(viewModel.errorMessageProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        viewModel.reasonChips().addListener((ListChangeListener<ReasonChip>) c -> rebuildChips());
        viewModel.reasonFilterProperty().addListener((o, a, b) -> rebuildChips());
        rebuildChips();
    }

    private void rebuildChips() {
        List<Node> chips = new ArrayList<>();
        for (ReasonChip chip : viewModel.reasonChips()) {
            ToggleButton b = new ToggleButton(chip.reason() == null ? "All reasons" : chip.reason().label());
            Label count = new Label(String.format("%,d", chip.count()));
            count.getStyleClass().add("chip-count");
            b.setGraphic(count);
            b.setContentDisplay(ContentDisplay.RIGHT);
            b.getStyleClass().addAll("reason-chip", chip.reason() == null ? "reason-all" : chip.reason().family());
            b.setId("chip-" + (chip.code() == null ? "all" : chip.code().replace('.', '-').replace('_', '-')));
            b.setSelected(Objects.equals(chip.code(), viewModel.reasonFilterProperty().get()));
            b.setFocusTraversable(false);
            if (chip.code() != null) {
                b.setTooltip(new Tooltip(chip.code() + ": show only leads held for this reason"));
            }
            b.setOnAction(e -> viewModel.filterByReason(chip.code()));
            chips.add(b);
        }
        reasonChips.getChildren().setAll(chips);
    }

    private void bindQueue() {
        column(ageColumn, QueueRow::age);
        column(vendorColumn, QueueRow::vendor);
        column(leadIdColumn, QueueRow::vendorLeadId);
        column(nameColumn, QueueRow::name);
        scoreColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        scoreColumn.setCellFactory(c -> new ScoreCell());
        reasonsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().reasons()));
        reasonsColumn.setCellFactory(c -> new ReasonsCell());
        for (TableColumn<QueueRow, ?> col : queueTable.getColumns()) {
            col.setSortable(false); // the database sorts: the sort box applies to every page
        }
        queueTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        queueTable.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        selection = new TableSelectionSync<>(queueTable, viewModel.rows(), QueueRow::id, viewModel::selectedIds,
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
        detailScroll.visibleProperty().bind(viewModel.detailShownProperty());
        detailSubtitle.visibleProperty().bind(viewModel.detailShownProperty());

        releaseButton.textProperty().bind(viewModel.releaseTextProperty());
        rejectButton.textProperty().bind(viewModel.rejectTextProperty());
        keycap(releaseButton, "R", "Release: accept the lead as edited (R or Ctrl+Enter). With several selected, "
                + "releases them all in one transaction.");
        keycap(rejectButton, "X", "Reject with a reason (X or Delete)");
        keycap(linkButton, "L", "Link as a duplicate of another lead; rejects this one (L)");
        for (Button b : List.of(releaseButton, rejectButton, linkButton)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        multiHint.visibleProperty().bind(viewModel.multiSelectionProperty());
        multiHint.managedProperty().bind(multiHint.visibleProperty());
        releaseButton.disableProperty().bind(viewModel.actionsDisabledProperty());
        rejectButton.disableProperty().bind(viewModel.actionsDisabledProperty());
        linkButton.disableProperty().bind(viewModel.actionsDisabledProperty().or(viewModel.multiSelectionProperty()));
        refusalLabel.textProperty().bind(viewModel.refusalProperty());
        refusalLabel.visibleProperty().bind(viewModel.refusalProperty().isNotEmpty());
        refusalLabel.managedProperty().bind(refusalLabel.visibleProperty());

        scoreLabel.textProperty().bind(viewModel.scoreTextProperty());
        tierLabel.textProperty().bind(viewModel.tierProperty());
        viewModel.tierProperty().addListener((o, a, t) -> markTier(t));
        outcomeLabel.textProperty().bind(viewModel.outcomeTextProperty());
        viewModel.outcomeTextProperty().addListener((o, a, b) ->
                outcomeLabel.pseudoClassStateChanged(ERROR, !viewModel.isReleasable()));

        viewModel.findings().addListener((ListChangeListener<FindingRow>) c -> rebuildFindings());
        viewModel.fields().addListener((ListChangeListener<FieldEdit>) c -> rebuildForm());

        pointsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        pointsColumn.setCellFactory(c -> new PointsCell());
        ruleReasonColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().reason()));
        breakdownTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        breakdownTable.setItems(viewModel.breakdown());
        breakdownTable.setFocusTraversable(false);
        breakdownTable.setFixedCellSize(26);
        breakdownTable.prefHeightProperty().bind(javafx.beans.binding.Bindings.size(viewModel.breakdown())
                .multiply(26).add(38));
        breakdownTable.setPlaceholder(new Label(""));

        timelineList.setItems(viewModel.timeline());
        timelineList.setCellFactory(l -> new TimelineCell());
        timelineList.setFocusTraversable(false);
        shortcuts();
    }

    private static void keycap(Button button, String key, String tip) {
        Label cap = new Label(key);
        cap.getStyleClass().add("kbd");
        button.setGraphic(cap);
        button.setContentDisplay(ContentDisplay.RIGHT);
        button.setGraphicTextGap(8);
        button.setTooltip(new Tooltip(tip));
    }

    private void shortcuts() {
        String[][] keys = {{"J", "K"}, {"R"}, {"X"}, {"L"}, {"/"}, {"Esc"}};
        String[] what = {"next / previous", "release", "reject", "link duplicate", "search", "back to the queue"};
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

    private void markTier(String tier) {
        if (currentTier != null) {
            tierLabel.pseudoClassStateChanged(currentTier, false);
            scoreLabel.pseudoClassStateChanged(currentTier, false);
        }
        currentTier = tier == null || tier.isEmpty() ? null : PseudoClass.getPseudoClass(tier);
        if (currentTier != null) {
            tierLabel.pseudoClassStateChanged(currentTier, true);
            scoreLabel.pseudoClassStateChanged(currentTier, true);
        }
    }

    private void rebuildFindings() {
        List<Node> out = new ArrayList<>();
        for (FindingRow f : viewModel.findings()) {
            Label badge = new Label(f.reason().label());
            badge.getStyleClass().addAll("reason-tag", f.reason().family());
            badge.setMinWidth(Region.USE_PREF_SIZE);
            badge.setTooltip(new Tooltip(f.reason().code() + " on field '" + f.field() + "'"));
            badge.pseudoClassStateChanged("error".equals(f.severity()) ? ERROR : WARNING, true);
            Label text = new Label(f.message());
            text.setWrapText(true);
            text.getStyleClass().add("finding-text");
            HBox.setHgrow(text, Priority.ALWAYS);
            text.setMaxWidth(Double.MAX_VALUE);
            HBox row = new HBox(8, badge, text);
            row.getStyleClass().add("finding-row");
            row.pseudoClassStateChanged("error".equals(f.severity()) ? ERROR : WARNING, true);
            out.add(row);
        }
        if (out.isEmpty() && viewModel.isDetailShown()) {
            Label none = new Label("No problems found.");
            none.getStyleClass().add("hint-text");
            out.add(none);
        }
        findingsBox.getChildren().setAll(out);
    }

    private void rebuildForm() {
        fieldGrid.getChildren().clear();
        int row = 0;
        for (FieldEdit f : viewModel.fields()) {
            Label name = new Label(f.label());
            name.getStyleClass().add("field-name");
            TextField input = new TextField();
            input.setId("field-" + f.name().replace('_', '-'));
            input.getStyleClass().add("field-input");
            input.textProperty().bindBidirectional(f.valueProperty());
            input.textProperty().addListener((o, a, b) -> revalidate.playFromStart());
            GridPane.setHgrow(input, Priority.ALWAYS);
            Label message = new Label();
            message.getStyleClass().add("field-message");
            message.setWrapText(true);
            message.textProperty().bind(f.messageProperty());
            message.visibleProperty().bind(f.messageProperty().isNotEmpty());
            message.managedProperty().bind(message.visibleProperty());
            Runnable mark = () -> {
                input.pseudoClassStateChanged(ERROR, "error".equals(f.severityProperty().get()));
                input.pseudoClassStateChanged(WARNING, "warning".equals(f.severityProperty().get()));
                message.pseudoClassStateChanged(ERROR, "error".equals(f.severityProperty().get()));
                input.pseudoClassStateChanged(EDITED, f.isEdited());
                name.pseudoClassStateChanged(EDITED, f.isEdited());
            };
            f.severityProperty().addListener((o, a, b) -> mark.run());
            f.editedProperty().addListener((o, a, b) -> mark.run());
            mark.run();
            fieldGrid.add(name, 0, row);
            fieldGrid.add(input, 1, row);
            fieldGrid.add(message, 1, row + 1);
            row += 2;
        }
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
        boolean typing = root.getScene() != null && root.getScene().getFocusOwner() instanceof TextInputControl;
        boolean plain = !e.isControlDown() && !e.isAltDown() && !e.isMetaDown() && !e.isShortcutDown();
        if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
            onRelease();
        } else if (e.getCode() == KeyCode.F && e.isShortcutDown()) {
            focusSearch();
        } else if (e.getCode() == KeyCode.ESCAPE && typing) {
            queueTable.requestFocus();
        } else if (typing || !plain) {
            return;
        } else if (e.getCode() == KeyCode.J) {
            move(1);
        } else if (e.getCode() == KeyCode.K) {
            move(-1);
        } else if (e.getCode() == KeyCode.R) {
            onRelease();
        } else if (e.getCode() == KeyCode.X || e.getCode() == KeyCode.DELETE) {
            onReject();
        } else if (e.getCode() == KeyCode.L) {
            onLink();
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
    private void onRelease() {
        if (viewModel.isActionsDisabled()) {
            return;
        }
        revalidate.stop();
        viewModel.release(this::showFailure);
    }

    @FXML
    private void onReject() {
        if (viewModel.isActionsDisabled()) {
            return;
        }
        QuarantineDialogs.showReject(root.getScene().getWindow(), viewModel, this::showFailure);
    }

    @FXML
    private void onLink() {
        if (viewModel.isActionsDisabled() || viewModel.multiSelectionProperty().get()) {
            return;
        }
        QuarantineDialogs.showLink(root.getScene().getWindow(), viewModel);
    }

    private void showFailure(String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(root.getScene().getWindow());
        alert.initModality(Modality.WINDOW_MODAL);
        alert.setTitle("Quarantine");
        alert.setHeaderText("The action was not carried out");
        alert.setContentText(message);
        alert.getDialogPane().setId("quarantine-failure");
        alert.getDialogPane().getStylesheets().addAll(root.getStylesheets());
        alert.show();
    }

    private static void column(TableColumn<QueueRow, String> column, Function<QueueRow, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
    }

    /** The score as a small badge coloured by tier. */
    private static final class ScoreCell extends TableCell<QueueRow, QueueRow> {
        private final Label badge = new Label();
        private PseudoClass current;

        ScoreCell() {
            badge.getStyleClass().add("score-badge");
            setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(QueueRow row, boolean empty) {
            super.updateItem(row, empty);
            if (current != null) {
                badge.pseudoClassStateChanged(current, false);
                current = null;
            }
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            badge.setText(row.scoreText());
            if (!row.tier().isEmpty()) {
                current = PseudoClass.getPseudoClass(row.tier());
                badge.pseudoClassStateChanged(current, true);
            }
            setGraphic(badge);
        }
    }

    /** The reasons as small coloured tags. */
    private static final class ReasonsCell extends TableCell<QueueRow, List<ReasonLabel>> {
        private final HBox box = new HBox(4);

        ReasonsCell() {
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(List<ReasonLabel> reasons, boolean empty) {
            super.updateItem(reasons, empty);
            if (empty || reasons == null) {
                setGraphic(null);
                return;
            }
            List<Node> tags = new ArrayList<>(reasons.size());
            for (ReasonLabel r : reasons) {
                Label tag = new Label(r.label());
                tag.getStyleClass().addAll("reason-tag", r.family());
                tag.setMinWidth(Region.USE_PREF_SIZE);
                tags.add(tag);
            }
            if (tags.isEmpty()) {
                Label none = new Label("judging failed");
                none.getStyleClass().add("reason-tag");
                tags.add(none);
            }
            box.getChildren().setAll(tags);
            setGraphic(box);
        }
    }

    /** "+30" in the success colour, "−25" in the danger colour. */
    private static final class PointsCell extends TableCell<ScoreRow, ScoreRow> {
        @Override
        protected void updateItem(ScoreRow row, boolean empty) {
            super.updateItem(row, empty);
            pseudoClassStateChanged(POSITIVE, false);
            pseudoClassStateChanged(NEGATIVE, false);
            if (empty || row == null) {
                setText(null);
                return;
            }
            setText(row.points());
            if (!"base".equals(row.rule())) {
                pseudoClassStateChanged(POSITIVE, row.value() > 0);
                pseudoClassStateChanged(NEGATIVE, row.value() < 0);
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
