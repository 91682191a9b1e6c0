package io.leadwire.ui.live;

import io.leadwire.lead.LeadStatus;
import io.leadwire.ui.FxmlViews;
import java.util.Locale;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** The live feed screen: binds the table, filters, pager and details pane to its ViewModel. */
public final class LiveFeedView {
    private static final Duration SEARCH_DEBOUNCE = Duration.millis(300);

    private final LiveFeedViewModel viewModel;

    @FXML
    private TextField searchField;
    @FXML
    private ComboBox<VendorChoice> vendorCombo;
    @FXML
    private ComboBox<StatusChoice> statusCombo;
    @FXML
    private Label totalLabel;
    @FXML
    private Label errorLabel;
    @FXML
    private SplitPane splitPane;
    @FXML
    private TableView<LeadRow> leadTable;
    @FXML
    private TableColumn<LeadRow, String> timeColumn;
    @FXML
    private TableColumn<LeadRow, String> vendorColumn;
    @FXML
    private TableColumn<LeadRow, String> vendorLeadIdColumn;
    @FXML
    private TableColumn<LeadRow, String> nameColumn;
    @FXML
    private TableColumn<LeadRow, String> countryColumn;
    @FXML
    private TableColumn<LeadRow, LeadStatus> statusColumn;
    @FXML
    private Button firstButton;
    @FXML
    private Button previousButton;
    @FXML
    private Button nextButton;
    @FXML
    private Label pageLabel;
    @FXML
    private VBox detailPane;
    @FXML
    private Label detailTitle;
    @FXML
    private TextArea payloadArea;
    @FXML
    private Label verdictLabel;
    @FXML
    private ListView<TimelineRow> timelineList;

    private boolean restoringSelection;

    public LiveFeedView(LiveFeedViewModel viewModel) {
        this.viewModel = viewModel;
    }

    /** Loads the FXML with this ViewModel behind it. */
    public static Parent create(LiveFeedViewModel viewModel) {
        return FxmlViews.load("/fxml/live/LiveFeedView.fxml", "/css/live.css", new LiveFeedView(viewModel));
    }

    @FXML
    private void initialize() {
        searchField.setText(viewModel.searchTextProperty().get());
        PauseTransition debounce = new PauseTransition(SEARCH_DEBOUNCE);
        debounce.setOnFinished(e -> viewModel.searchTextProperty().set(searchField.getText()));
        searchField.textProperty().addListener((o, a, b) -> debounce.playFromStart());
        searchField.setOnAction(e -> {
            debounce.stop();
            viewModel.searchTextProperty().set(searchField.getText());
        });

        vendorCombo.setItems(viewModel.vendorChoices());
        vendorCombo.valueProperty().bindBidirectional(viewModel.vendorFilterProperty());
        statusCombo.setItems(viewModel.statusChoices());
        statusCombo.valueProperty().bindBidirectional(viewModel.statusFilterProperty());

        totalLabel.textProperty().bind(viewModel.totalTextProperty());
        errorLabel.textProperty().bind(viewModel.errorMessageProperty());
        errorLabel.visibleProperty().bind(viewModel.errorMessageProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());

        column(timeColumn, LeadRow::time);
        column(vendorColumn, LeadRow::vendor);
        column(vendorLeadIdColumn, LeadRow::vendorLeadId);
        column(nameColumn, LeadRow::name);
        column(countryColumn, LeadRow::country);
        statusColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().status()));
        statusColumn.setCellFactory(c -> new StatusCell());
        leadTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        leadTable.setItems(viewModel.rows());
        leadTable.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (!restoringSelection) {
                viewModel.select(row);
            }
        });
        // A refresh replaces the page's rows; keep the operator's selection on the same lead.
        viewModel.rows().addListener((ListChangeListener<LeadRow>) change -> restoreSelection());

        pageLabel.textProperty().bind(viewModel.pageTextProperty());
        firstButton.disableProperty().bind(viewModel.previousDisabledProperty());
        previousButton.disableProperty().bind(viewModel.previousDisabledProperty());
        nextButton.disableProperty().bind(viewModel.nextDisabledProperty());

        detailTitle.textProperty().bind(viewModel.detailTitleProperty());
        payloadArea.textProperty().bind(viewModel.payloadTextProperty());
        verdictLabel.textProperty().bind(viewModel.verdictTextProperty());
        timelineList.setItems(viewModel.timeline());
        timelineList.setCellFactory(list -> new TimelineCell());
        splitPane.setDividerPositions(0.68);
        SplitPane.setResizableWithParent(detailPane, false);
    }

    private void restoreSelection() {
        String id = viewModel.getSelectedLeadId();
        if (id == null) {
            return;
        }
        restoringSelection = true;
        try {
            for (int i = 0; i < viewModel.rows().size(); i++) {
                if (viewModel.rows().get(i).id().equals(id)) {
                    leadTable.getSelectionModel().clearAndSelect(i);
                    return;
                }
            }
            leadTable.getSelectionModel().clearSelection();
        } finally {
            restoringSelection = false;
        }
    }

    private static void column(TableColumn<LeadRow, String> column, Function<LeadRow, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
    }

    @FXML
    private void onFirst() {
        viewModel.firstPage();
    }

    @FXML
    private void onPrevious() {
        viewModel.previousPage();
    }

    @FXML
    private void onNext() {
        viewModel.nextPage();
    }

    /** A timeline entry: time and event type on one line, the detail wrapped below. */
    private static final class TimelineCell extends ListCell<TimelineRow> {
        private final Label time = new Label();
        private final Label type = new Label();
        private final Label detail = new Label();
        private final VBox box = new VBox(2, new HBox(10, time, type), detail);

        TimelineCell() {
            time.getStyleClass().add("timeline-time");
            type.getStyleClass().add("timeline-type");
            detail.getStyleClass().add("timeline-detail");
            detail.setWrapText(true);
            setPrefWidth(0);
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(TimelineRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            time.setText(row.time());
            type.setText(row.type());
            detail.setText(row.detail());
            setGraphic(box);
        }
    }

    /** A status as a coloured badge; the colour comes from a pseudo-class per status. */
    private static final class StatusCell extends TableCell<LeadRow, LeadStatus> {
        private final Label badge = new Label();
        private PseudoClass current;

        StatusCell() {
            badge.getStyleClass().add("status-badge");
        }

        @Override
        protected void updateItem(LeadStatus status, boolean empty) {
            super.updateItem(status, empty);
            if (current != null) {
                badge.pseudoClassStateChanged(current, false);
                current = null;
            }
            if (empty || status == null) {
                setGraphic(null);
                return;
            }
            badge.setText(status.wireName());
            current = PseudoClass.getPseudoClass(status.name().toLowerCase(Locale.ROOT));
            badge.pseudoClassStateChanged(current, true);
            setGraphic(badge);
        }
    }
}
