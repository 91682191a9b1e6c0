package io.leadwire.ui.dashboards;

import io.leadwire.ui.FxmlViews;
import io.leadwire.ui.dashboards.DashboardTables.BreakerChange;
import io.leadwire.ui.dashboards.DashboardTables.BuyerSummary;
import io.leadwire.ui.dashboards.DashboardsViewModel.Dashboard;
import io.leadwire.ui.dashboards.DashboardsViewModel.SubjectOption;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.CheckComboBox;

/** The Dashboards screen: a time range over three tabs of headline tiles and chart cards. */
public final class DashboardsView {
    private final DashboardsViewModel viewModel;
    private final Map<String, ChartCard> cards = new LinkedHashMap<>();

    @FXML
    private HBox rangeBox;
    @FXML
    private DatePicker fromPicker;
    @FXML
    private Label toLabel;
    @FXML
    private DatePicker toPicker;
    @FXML
    private Label rangeLabel;
    @FXML
    private Label messageLabel;
    @FXML
    private Label errorLabel;
    @FXML
    private TabPane tabs;
    @FXML
    private Tab executiveTab;
    @FXML
    private Tab vendorsTab;
    @FXML
    private Tab buyersTab;
    @FXML
    private FlowPane executiveTiles;
    @FXML
    private GridPane executiveGrid;
    @FXML
    private FlowPane vendorTiles;
    @FXML
    private GridPane vendorGrid;
    @FXML
    private FlowPane buyerTiles;
    @FXML
    private GridPane buyerGrid;
    @FXML
    private CheckComboBox<SubjectOption> vendorPicker;
    @FXML
    private CheckComboBox<SubjectOption> buyerPicker;
    @FXML
    private TableView<BuyerSummary> summaryTable;
    @FXML
    private TableColumn<BuyerSummary, String> summaryName;
    @FXML
    private TableColumn<BuyerSummary, String> summarySuccess;
    @FXML
    private TableColumn<BuyerSummary, String> summaryAttempts;
    @FXML
    private TableColumn<BuyerSummary, String> summaryRetries;
    @FXML
    private TableColumn<BuyerSummary, String> summaryErrors;
    @FXML
    private TableColumn<BuyerSummary, String> summaryP50;
    @FXML
    private TableColumn<BuyerSummary, String> summaryP95;
    @FXML
    private TableColumn<BuyerSummary, String> summaryP99;
    @FXML
    private TableColumn<BuyerSummary, String> summaryBreaker;
    @FXML
    private TableColumn<BuyerSummary, String> summaryCap;
    @FXML
    private TableView<BreakerChange> breakerTable;
    @FXML
    private TableColumn<BreakerChange, String> breakerAt;
    @FXML
    private TableColumn<BreakerChange, String> breakerBuyer;
    @FXML
    private TableColumn<BreakerChange, String> breakerChange;
    @FXML
    private TableColumn<BreakerChange, String> breakerReason;

    public DashboardsView(DashboardsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public static Parent create(DashboardsViewModel viewModel) {
        return FxmlViews.load("/fxml/dashboards/DashboardsView.fxml", "/css/dashboards.css",
                new DashboardsView(viewModel));
    }

    @FXML
    private void initialize() {
        bindRange();
        bindTabs();
        layoutGrid(executiveGrid, List.of("leads-over-time", "revenue-over-time", "revenue-by-buyer",
                "leads-by-vendor"));
        layoutGrid(vendorGrid, List.of("vendor-volume", "vendor-quality", "vendor-acceptance", "vendor-outcomes",
                "vendor-revenue", "vendor-reports", "vendor-scores"));
        layoutGrid(buyerGrid, List.of("buyer-deliveries", "buyer-latency", "buyer-errors", "buyer-retries"));
        bindPicker(vendorPicker, viewModel.vendorOptions(), viewModel.selectedVendorIds(), "All vendors together");
        bindPicker(buyerPicker, viewModel.buyerOptions(), viewModel.selectedBuyerIds(), "All buyers together");
        bindTables();
        showWhenSet(messageLabel, viewModel.messageProperty());
        showWhenSet(errorLabel, viewModel.errorMessageProperty());
        rangeLabel.textProperty().bind(viewModel.rangeTextProperty());

        viewModel.executiveProperty().addListener((o, a, f) -> {
            tiles(executiveTiles, f.tiles());
            f.charts().forEach(this::show);
        });
        viewModel.vendorsProperty().addListener((o, a, f) -> {
            tiles(vendorTiles, f.tiles());
            f.charts().forEach(this::show);
        });
        viewModel.buyersProperty().addListener((o, a, f) -> {
            tiles(buyerTiles, f.tiles());
            f.charts().forEach(this::show);
            summaryTable.getItems().setAll(f.summary());
            breakerTable.getItems().setAll(f.breakerChanges());
        });
    }

    private void bindRange() {
        ToggleGroup group = new ToggleGroup();
        RangeChoice[] choices = RangeChoice.values();
        for (int i = 0; i < choices.length; i++) {
            RangeChoice choice = choices[i];
            ToggleButton button = new ToggleButton(choice.label());
            button.setId("range-" + choice.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            button.setToggleGroup(group);
            button.getStyleClass().add(i == 0 ? "left-pill" : i == choices.length - 1 ? "right-pill" : "center-pill");
            button.setSelected(viewModel.rangeProperty().get() == choice);
            button.setOnAction(e -> {
                viewModel.rangeProperty().set(choice);
                button.setSelected(true);
            });
            rangeBox.getChildren().add(button);
        }
        fromPicker.valueProperty().bindBidirectional(viewModel.customFromProperty());
        toPicker.valueProperty().bindBidirectional(viewModel.customToProperty());
        var custom = viewModel.rangeProperty().isEqualTo(RangeChoice.CUSTOM);
        for (var node : List.of(fromPicker, toLabel, toPicker)) {
            node.visibleProperty().bind(custom);
            node.managedProperty().bind(custom);
        }
    }

    private void bindTabs() {
        Map<Tab, Dashboard> byTab = Map.of(executiveTab, Dashboard.EXECUTIVE, vendorsTab, Dashboard.VENDORS,
                buyersTab, Dashboard.BUYERS);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, tab) ->
                viewModel.dashboardProperty().set(byTab.get(tab)));
        viewModel.dashboardProperty().addListener((o, a, d) -> select(d));
        select(viewModel.dashboardProperty().get());
    }

    private void select(Dashboard d) {
        Tab tab = switch (d) {
            case EXECUTIVE -> executiveTab;
            case VENDORS -> vendorsTab;
            case BUYERS -> buyersTab;
        };
        tabs.getSelectionModel().select(tab);
    }

    /** Two cards a row; an odd last card spans the row. */
    private void layoutGrid(GridPane grid, List<String> ids) {
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            c.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(c);
        }
        for (int i = 0; i < ids.size(); i++) {
            ChartCard card = new ChartCard(ids.get(i), this::onPng, this::onCsv, this::onDrill);
            cards.put(ids.get(i), card);
            boolean spans = i == ids.size() - 1 && ids.size() % 2 == 1;
            grid.add(card, i % 2, i / 2, spans ? 2 : 1, 1);
        }
    }

    private void show(ChartData data) {
        ChartCard card = cards.get(data.id());
        if (card != null) {
            card.show(data);
        }
    }

    /** The picker's checks and the ViewModel's chosen ids follow each other; none checked reads "all". */
    private static void bindPicker(CheckComboBox<SubjectOption> picker, ObservableList<SubjectOption> options,
                                   ObservableList<String> selected, String allTitle) {
        boolean[] syncing = {false};
        Runnable checkSelected = () -> {
            syncing[0] = true;
            try {
                for (SubjectOption o : picker.getItems()) {
                    if (selected.contains(o.id())) {
                        picker.getCheckModel().check(o);
                    } else {
                        picker.getCheckModel().clearCheck(o);
                    }
                }
            } finally {
                syncing[0] = false;
            }
        };
        picker.getItems().setAll(options);
        options.addListener((ListChangeListener<SubjectOption>) c -> {
            syncing[0] = true;
            try {
                picker.getItems().setAll(options);
            } finally {
                syncing[0] = false;
            }
            checkSelected.run();
        });
        selected.addListener((ListChangeListener<String>) c -> {
            if (!syncing[0]) {
                checkSelected.run();
            }
        });
        picker.getCheckModel().getCheckedItems().addListener((ListChangeListener<SubjectOption>) c -> {
            if (!syncing[0]) {
                selected.setAll(picker.getCheckModel().getCheckedItems().stream().map(SubjectOption::id).toList());
            }
        });
        picker.titleProperty().bind(Bindings.when(Bindings.isEmpty(selected)).then(allTitle)
                .otherwise((String) null));
    }

    private void bindTables() {
        column(summaryName, BuyerSummary::name);
        column(summarySuccess, BuyerSummary::success);
        column(summaryAttempts, BuyerSummary::attempts);
        column(summaryRetries, BuyerSummary::retries);
        column(summaryErrors, BuyerSummary::errors);
        column(summaryP50, BuyerSummary::p50);
        column(summaryP95, BuyerSummary::p95);
        column(summaryP99, BuyerSummary::p99);
        column(summaryBreaker, BuyerSummary::breaker);
        column(summaryCap, BuyerSummary::capUse);
        summaryTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        column(breakerAt, BreakerChange::at);
        column(breakerBuyer, BreakerChange::buyer);
        column(breakerChange, BreakerChange::change);
        column(breakerReason, BreakerChange::reason);
        breakerTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    private static <R> void column(TableColumn<R, String> column, Function<R, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
    }

    private static void tiles(FlowPane pane, List<Tile> tiles) {
        pane.getChildren().setAll(tiles.stream().map(DashboardsView::tile).toList());
    }

    private static VBox tile(Tile t) {
        Label label = new Label(t.label());
        label.getStyleClass().add("tile-label");
        Label value = new Label(t.value());
        value.getStyleClass().add("tile-value");
        value.setId("tile-" + t.id());
        Label detail = new Label(t.detail());
        detail.getStyleClass().add("tile-detail");
        VBox box = new VBox(label, value, detail);
        box.getStyleClass().add("tile");
        for (Tile.Tone tone : Tile.Tone.values()) {
            box.pseudoClassStateChanged(PseudoClass.getPseudoClass(tone.name().toLowerCase(Locale.ROOT)),
                    tone == t.tone());
        }
        return box;
    }

    private static void showWhenSet(Label label, ObservableStringValue text) {
        label.textProperty().bind(text);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }

    /** The card showing the chart of this id, for tests and the screenshots. */
    public ChartCard card(String id) {
        return cards.get(id);
    }

    private void onDrill(ChartData chart, ChartData.Series series, ChartData.Point point) {
        if (viewModel.drillDown(chart, series, point)) {
            DashboardDialogs.showDrill(tabs.getScene().getWindow(), viewModel);
        }
    }

    private void onPng(ChartCard card) {
        File file = choose(card, "png", "PNG pictures");
        if (file != null) {
            viewModel.exportPng(card.data(), ChartPng.pixels(card.picture().snapshot(new SnapshotParameters(), null)),
                    file.toPath());
        }
    }

    private void onCsv(ChartCard card) {
        File file = choose(card, "csv", "CSV files");
        if (file != null) {
            viewModel.exportCsv(card.data(), file.toPath());
        }
    }

    private File choose(ChartCard card, String extension, String description) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save " + card.data().title());
        chooser.setInitialFileName(card.data().id() + "." + extension);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, "*." + extension));
        return chooser.showSaveDialog(tabs.getScene().getWindow());
    }
}
