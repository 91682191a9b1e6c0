package io.leadwire.ui.designer;

import io.leadwire.store.MappingVersionRow;
import io.leadwire.ui.FxmlViews;
import io.leadwire.ui.designer.DesignerAnalysis.Problem;
import io.leadwire.ui.designer.DesignerAnalysis.TargetInfo;
import io.leadwire.ui.designer.DesignerAnalysis.TargetNode;
import io.leadwire.ui.designer.DraftDocument.SourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.util.StringConverter;

/**
 * The Mappings screen: lead fields on the left, the buyer's fields as a tree in the middle (drop a
 * lead field on one to map it), the selected rule's transform chain with the value after each
 * step, the live payload preview, problems, and the version history with its side-by-side diff.
 */
public final class DesignerView {
    private static final PseudoClass MAPPED = PseudoClass.getPseudoClass("mapped");
    private static final PseudoClass UNMAPPED_REQUIRED = PseudoClass.getPseudoClass("unmapped-required");
    private static final PseudoClass UNKNOWN_ENUM = PseudoClass.getPseudoClass("unknown-enum");
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass NOT_IN_SPEC = PseudoClass.getPseudoClass("not-in-spec");
    private static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");
    private static final PseudoClass BRANCH = PseudoClass.getPseudoClass("branch");
    private static final PseudoClass UNUSED = PseudoClass.getPseudoClass("unused");
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final PseudoClass WARNED = PseudoClass.getPseudoClass("warned");
    private static final KeyCombination SAVE = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination MAP = new KeyCodeCombination(KeyCode.M, KeyCombination.SHORTCUT_DOWN);

    private final DesignerViewModel viewModel;

    @FXML
    private BorderPane root;
    @FXML
    private Label messageLabel;
    @FXML
    private Label errorLabel;
    @FXML
    private ComboBox<String> buyerCombo;
    @FXML
    private ComboBox<SampleLead> sampleCombo;
    @FXML
    private Label formatLabel;
    @FXML
    private Label dirtyLabel;
    @FXML
    private Button saveButton;
    @FXML
    private Button publishButton;
    @FXML
    private TabPane tabs;
    @FXML
    private Tab designTab;
    @FXML
    private ListView<SourceFieldRow> sourceList;
    @FXML
    private TreeView<TargetNode> targetTree;
    @FXML
    private Button mapButton;
    @FXML
    private Button removeRuleButton;
    @FXML
    private Label problemSummaryLabel;
    @FXML
    private ListView<Problem> problemList;
    @FXML
    private Label ruleTitle;
    @FXML
    private Label noRuleLabel;
    @FXML
    private VBox ruleEditor;
    @FXML
    private ComboBox<SourceKind> sourceKindCombo;
    @FXML
    private TextField sourceField;
    @FXML
    private ComboBox<String> typeCombo;
    @FXML
    private CheckBox requiredCheck;
    @FXML
    private TextField defaultField;
    @FXML
    private TextField whenField;
    @FXML
    private ComboBox<TransformCatalog.Op> addStepCombo;
    @FXML
    private VBox chainBox;
    @FXML
    private Label refreshLabel;
    @FXML
    private CheckBox exactCheck;
    @FXML
    private Label requestLabel;
    @FXML
    private ScrollPane previewScroll;
    @FXML
    private TextFlow previewFlow;
    @FXML
    private ListView<MappingVersionRow> versionList;
    @FXML
    private Button rollbackButton;
    @FXML
    private Label diffSummaryLabel;
    @FXML
    private TableView<LineDiff.Row> diffTable;
    @FXML
    private TableColumn<LineDiff.Row, String> leftNoColumn;
    @FXML
    private TableColumn<LineDiff.Row, String> leftColumn;
    @FXML
    private TableColumn<LineDiff.Row, String> rightNoColumn;
    @FXML
    private TableColumn<LineDiff.Row, String> rightColumn;
    @FXML
    private ListView<String> ruleChangeList;

    private boolean syncingTarget;
    private boolean syncingVersions;

    public DesignerView(DesignerViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public static Parent create(DesignerViewModel viewModel) {
        return FxmlViews.load("/fxml/designer/DesignerView.fxml", "/css/designer.css", new DesignerView(viewModel));
    }

    @FXML
    private void initialize() {
        messageLabel.textProperty().bind(viewModel.messageProperty());
        errorLabel.textProperty().bind(viewModel.errorMessageProperty());
        errorLabel.visibleProperty().bind(viewModel.errorMessageProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        root.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (SAVE.match(e)) {
                viewModel.saveDraft();
                e.consume();
            } else if (MAP.match(e)) {
                viewModel.mapSelected();
                e.consume();
            }
        });

        buyerCombo.setItems(viewModel.buyers());
        buyerCombo.valueProperty().bindBidirectional(viewModel.selectedBuyerProperty());
        sampleCombo.setItems(viewModel.samples());
        sampleCombo.valueProperty().bindBidirectional(viewModel.selectedSampleProperty());
        formatLabel.textProperty().bind(viewModel.formatTextProperty());
        formatLabel.visibleProperty().bind(viewModel.formatTextProperty().isNotEmpty());
        dirtyLabel.visibleProperty().bind(viewModel.dirtyProperty());
        saveButton.disableProperty().bind(viewModel.dirtyProperty().not());
        publishButton.disableProperty().bind(viewModel.documentOpenProperty().not());

        setUpSources();
        setUpTargets();
        setUpProblems();
        setUpRuleEditor();
        setUpPreview();
        setUpVersions();
    }

    // ---- lead fields -----------------------------------------------------------------------------

    private void setUpSources() {
        sourceList.setItems(viewModel.sourceFields());
        sourceList.setCellFactory(list -> new SourceCell());
        sourceList.getSelectionModel().selectedItemProperty().addListener((o, a, row) ->
                viewModel.selectedSourceProperty().set(row == null ? null : row.name()));
        sourceList.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                viewModel.mapSelected();
                e.consume();
            }
        });
    }

    /** A lead field: drag it onto a buyer field, or map it from its context menu. */
    private final class SourceCell extends ListCell<SourceFieldRow> {
        private final Label name = new Label();
        private final Label value = new Label();
        private final Label uses = new Label();
        private final VBox box = new VBox(name, value);
        private final HBox row = new HBox(box, uses);

        SourceCell() {
            getStyleClass().add("source-cell");
            name.getStyleClass().add("source-name");
            value.getStyleClass().add("source-value");
            uses.getStyleClass().add("use-count");
            HBox.setHgrow(box, Priority.ALWAYS);
            uses.setMinWidth(Region.USE_PREF_SIZE);
            row.getStyleClass().add("source-row");
            // Fit the list's width instead of widening it (no sideways scrolling).
            setPrefWidth(0);
            setOnDragDetected(e -> {
                if (getItem() == null) {
                    return;
                }
                Dragboard board = startDragAndDrop(TransferMode.COPY);
                ClipboardContent content = new ClipboardContent();
                content.putString(getItem().name());
                board.setContent(content);
                board.setDragView(snapshot(null, null), e.getX(), e.getY());
                e.consume();
            });
            MenuItem toSelected = new MenuItem("Map to the selected buyer field");
            toSelected.setOnAction(e -> {
                if (getItem() != null) {
                    viewModel.mapSource(getItem().name(), viewModel.getSelectedTarget());
                }
            });
            toSelected.disableProperty().bind(viewModel.selectedTargetProperty().isNull());
            setContextMenu(new ContextMenu(toSelected));
        }

        @Override
        protected void updateItem(SourceFieldRow item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setTooltip(null);
                pseudoClassStateChanged(MAPPED, false);
                pseudoClassStateChanged(UNUSED, false);
                return;
            }
            name.setText(item.name());
            value.setText(item.value() == null ? "not in this lead" : item.value());
            uses.setText(item.used() ? "→ " + item.usedBy().size() : "");
            setTooltip(item.used() ? new Tooltip("Read by " + String.join(", ", item.usedBy())) : null);
            setGraphic(row);
            pseudoClassStateChanged(MAPPED, item.used());
            pseudoClassStateChanged(UNUSED, item.value() == null);
        }
    }

    // ---- buyer fields ----------------------------------------------------------------------------

    private void setUpTargets() {
        TreeItem<TargetNode> hidden = new TreeItem<>(new TargetNode("", "", null, List.of()));
        targetTree.setRoot(hidden);
        targetTree.setCellFactory(tree -> new TargetCell());
        viewModel.targetTreeProperty().addListener((o, a, nodes) -> showTargets(nodes));
        targetTree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (!syncingTarget && item != null && item.getValue().leaf()) {
                viewModel.selectedTargetProperty().set(item.getValue().path());
            }
        });
        viewModel.selectedTargetProperty().addListener((o, a, target) -> selectTarget(target));
        mapButton.disableProperty().bind(viewModel.selectedTargetProperty().isNull()
                .or(viewModel.selectedSourceProperty().isNull()));
        mapButton.setTooltip(new Tooltip("Map the selected lead field to the selected buyer field (Ctrl+M)"));
        removeRuleButton.disableProperty().bind(viewModel.ruleSelectedProperty().not());
    }

    private void showTargets(List<TargetNode> nodes) {
        TreeItem<TargetNode> top = targetTree.getRoot();
        if (shape(nodes).equals(shapeOfItems(top.getChildren()))) {
            update(top.getChildren(), nodes);
        } else {
            syncingTarget = true;
            try {
                List<TreeItem<TargetNode>> items = new ArrayList<>();
                nodes.forEach(n -> items.add(item(n)));
                top.getChildren().setAll(items);
            } finally {
                syncingTarget = false;
            }
            selectTarget(viewModel.getSelectedTarget());
        }
    }

    private static List<String> shape(List<TargetNode> nodes) {
        List<String> out = new ArrayList<>();
        for (TargetNode node : nodes) {
            out.add((node.leaf() ? "L:" : "B:") + node.path());
            out.addAll(shape(node.children()));
            out.add("/");
        }
        return out;
    }

    private static List<String> shapeOfItems(List<TreeItem<TargetNode>> items) {
        List<String> out = new ArrayList<>();
        for (TreeItem<TargetNode> item : items) {
            out.add((item.getValue().leaf() ? "L:" : "B:") + item.getValue().path());
            out.addAll(shapeOfItems(item.getChildren()));
            out.add("/");
        }
        return out;
    }

    private static void update(List<TreeItem<TargetNode>> items, List<TargetNode> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            TreeItem<TargetNode> item = items.get(i);
            if (!item.getValue().equals(nodes.get(i))) {
                item.setValue(nodes.get(i));
            }
            update(item.getChildren(), nodes.get(i).children());
        }
    }

    private static TreeItem<TargetNode> item(TargetNode node) {
        TreeItem<TargetNode> item = new TreeItem<>(node);
        item.setExpanded(true);
        node.children().forEach(c -> item.getChildren().add(item(c)));
        return item;
    }

    private void selectTarget(String target) {
        syncingTarget = true;
        try {
            TreeItem<TargetNode> found = target == null ? null : find(targetTree.getRoot(), target);
            if (found == null) {
                targetTree.getSelectionModel().clearSelection();
            } else if (targetTree.getSelectionModel().getSelectedItem() != found) {
                targetTree.getSelectionModel().select(found);
                scrollIntoView(targetTree.getRow(found));
            }
        } finally {
            syncingTarget = false;
        }
    }

    /** Scrolls only when the row is out of sight, so the tree does not jump under the operator. */
    private void scrollIntoView(int row) {
        if (row < 0) {
            return;
        }
        VirtualFlow<?> flow = (VirtualFlow<?>) targetTree.lookup(".virtual-flow");
        if (flow == null || flow.getFirstVisibleCell() == null || row < flow.getFirstVisibleCell().getIndex()
                || row > flow.getLastVisibleCell().getIndex()) {
            targetTree.scrollTo(Math.max(0, row - 3));
        }
    }

    private static TreeItem<TargetNode> find(TreeItem<TargetNode> item, String path) {
        if (item.getValue() != null && item.getValue().leaf() && item.getValue().path().equals(path)) {
            return item;
        }
        for (TreeItem<TargetNode> child : item.getChildren()) {
            TreeItem<TargetNode> found = find(child, path);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** A buyer field: drop a lead field here; highlights show what is missing or wrong. */
    private final class TargetCell extends TreeCell<TargetNode> {
        private final Label name = new Label();
        private final Label source = new Label();
        private final Label badge = new Label();
        private final Region gap = new Region();
        private final HBox line = new HBox(name, source, gap, badge);

        TargetCell() {
            getStyleClass().add("target-cell");
            name.getStyleClass().add("target-name");
            name.setMinWidth(Region.USE_PREF_SIZE);
            source.getStyleClass().add("target-source");
            badge.getStyleClass().add("target-badge");
            badge.setMinWidth(Region.USE_PREF_SIZE);
            HBox.setHgrow(gap, Priority.ALWAYS);
            line.getStyleClass().add("target-line");
            setPrefWidth(0);
            setOnDragOver(e -> {
                if (droppable() && e.getDragboard().hasString()) {
                    e.acceptTransferModes(TransferMode.COPY);
                }
                e.consume();
            });
            setOnDragEntered(e -> {
                if (droppable() && e.getDragboard().hasString()) {
                    pseudoClassStateChanged(DROP_TARGET, true);
                }
                e.consume();
            });
            setOnDragExited(e -> {
                pseudoClassStateChanged(DROP_TARGET, false);
                e.consume();
            });
            setOnDragDropped(e -> {
                boolean done = false;
                if (droppable() && e.getDragboard().hasString()) {
                    viewModel.mapSource(e.getDragboard().getString(), getItem().path());
                    done = true;
                }
                e.setDropCompleted(done);
                e.consume();
            });
        }

        private boolean droppable() {
            return getItem() != null && getItem().leaf();
        }

        @Override
        protected void updateItem(TargetNode item, boolean empty) {
            super.updateItem(item, empty);
            TargetInfo info = empty || item == null ? null : item.info();
            pseudoClassStateChanged(BRANCH, !empty && item != null && info == null);
            pseudoClassStateChanged(MAPPED, info != null && info.mapped());
            pseudoClassStateChanged(UNMAPPED_REQUIRED, info != null && info.unmappedRequired());
            pseudoClassStateChanged(UNKNOWN_ENUM, info != null && info.unknownEnum());
            pseudoClassStateChanged(ERROR, info != null && info.error() && !info.unmappedRequired());
            pseudoClassStateChanged(WARNING, info != null && info.warning() && !info.error());
            pseudoClassStateChanged(NOT_IN_SPEC, info != null && !info.inSpec());
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                setContextMenu(null);
                return;
            }
            setText(null);
            name.setText(item.label());
            if (info == null) {
                setGraphic(name);
                setTooltip(null);
                setContextMenu(null);
                return;
            }
            source.setText(info.mapped() ? "← " + (info.source().isEmpty() ? "(no source)" : info.source())
                    : "not mapped");
            name.setText(item.label() + (info.required() ? " *" : ""));
            badge.setText(info.unmappedRequired() ? "required" : info.unknownEnum() ? "enum"
                    : !info.inSpec() ? "not in spec" : info.error() ? "error" : "");
            badge.setVisible(!badge.getText().isEmpty());
            setGraphic(line);
            StringBuilder tip = new StringBuilder(info.path());
            if (!info.hint().isEmpty()) {
                tip.append("\n").append(info.hint());
            }
            tip.append("\n").append(info.value() == null ? "no value for this lead" : "= " + info.value());
            setTooltip(new Tooltip(tip.toString()));
            setContextMenu(menu(info));
        }

        private ContextMenu menu(TargetInfo info) {
            Menu map = new Menu("Map lead field");
            for (SourceFieldRow row : viewModel.sourceFields()) {
                MenuItem item = new MenuItem(row.name() + (row.value() == null ? "" : "  (" + shorten(row.value())
                        + ")"));
                item.setOnAction(e -> viewModel.mapSource(row.name(), info.path()));
                map.getItems().add(item);
            }
            MenuItem unmap = new MenuItem("Unmap");
            unmap.setDisable(!info.mapped());
            unmap.setOnAction(e -> {
                viewModel.selectedTargetProperty().set(info.path());
                viewModel.removeSelectedRule();
            });
            return new ContextMenu(map, unmap);
        }
    }

    private static String shorten(String value) {
        return value.length() > 24 ? value.substring(0, 23) + "…" : value;
    }

    // ---- problems --------------------------------------------------------------------------------

    private void setUpProblems() {
        problemList.setItems(viewModel.problems());
        problemSummaryLabel.textProperty().bind(viewModel.problemSummaryProperty());
        problemList.setPlaceholder(new Label("No problems for this lead."));
        problemList.setCellFactory(list -> new ListCell<>() {
            private final Label field = new Label();
            private final Text text = new Text();
            private final VBox row = new VBox(field, text);

            {
                getStyleClass().add("problem-cell");
                field.getStyleClass().add("problem-field");
                text.getStyleClass().add("problem-message");
                text.wrappingWidthProperty().bind(problemList.widthProperty().subtract(36));
                row.getStyleClass().add("problem-row");
                setPrefWidth(0);
                setOnMouseClicked(e -> {
                    if (getItem() != null) {
                        viewModel.selectProblem(getItem());
                    }
                });
            }

            @Override
            protected void updateItem(Problem item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(ERROR, !empty && item != null
                        && item.severity() == DesignerAnalysis.Severity.ERROR);
                pseudoClassStateChanged(WARNING, !empty && item != null
                        && item.severity() == DesignerAnalysis.Severity.WARNING);
                if (empty || item == null) {
                    setGraphic(null);
                    return;
                }
                field.setText(item.field());
                text.setText(item.message());
                setGraphic(row);
            }
        });
    }

    // ---- rule editor -----------------------------------------------------------------------------

    private void setUpRuleEditor() {
        ruleEditor.visibleProperty().bind(viewModel.ruleSelectedProperty());
        ruleEditor.managedProperty().bind(ruleEditor.visibleProperty());
        noRuleLabel.visibleProperty().bind(viewModel.ruleSelectedProperty().not());
        noRuleLabel.managedProperty().bind(noRuleLabel.visibleProperty());
        ruleTitle.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                viewModel.getSelectedTarget() == null ? "Rule" : viewModel.ruleSelectedProperty().get()
                        ? "Rule · " + viewModel.getSelectedTarget()
                        : viewModel.getSelectedTarget() + " · not mapped",
                viewModel.selectedTargetProperty(), viewModel.ruleSelectedProperty()));

        sourceKindCombo.getItems().setAll(SourceKind.values());
        sourceKindCombo.setConverter(converter(k -> k == SourceKind.FIELD ? "Lead field"
                : k == SourceKind.CONSTANT ? "Constant" : "Concat fields"));
        sourceKindCombo.valueProperty().bindBidirectional(viewModel.sourceKindProperty());
        sourceField.textProperty().bindBidirectional(viewModel.sourceTextProperty());
        typeCombo.getItems().setAll(viewModel.types());
        typeCombo.valueProperty().bindBidirectional(viewModel.typeProperty());
        requiredCheck.selectedProperty().bindBidirectional(viewModel.requiredProperty());
        defaultField.textProperty().bindBidirectional(viewModel.defaultValueProperty());
        whenField.textProperty().bindBidirectional(viewModel.whenProperty());

        addStepCombo.getItems().setAll(TransformCatalog.ops());
        addStepCombo.setConverter(converter(TransformCatalog.Op::label));
        addStepCombo.setOnAction(e -> {
            TransformCatalog.Op op = addStepCombo.getValue();
            if (op != null) {
                viewModel.addStep(op.op());
                javafx.application.Platform.runLater(() -> addStepCombo.getSelectionModel().clearSelection());
            }
        });
        viewModel.steps().addListener((ListChangeListener<StepRow>) c -> showChain());
        showChain();
    }

    private void showChain() {
        List<Node> rows = new ArrayList<>();
        rows.add(endpoint("Source", viewModel.sourceValueProperty(), null, "chain-source"));
        for (StepRow step : viewModel.steps()) {
            rows.add(stepCard(step));
        }
        rows.add(endpoint("Sent", viewModel.finalValueProperty(), viewModel.finalNoteProperty(), "chain-final"));
        chainBox.getChildren().setAll(rows);
    }

    private static Node endpoint(String title, javafx.beans.value.ObservableStringValue value,
            javafx.beans.value.ObservableStringValue note, String styleClass) {
        Label name = new Label(title);
        name.getStyleClass().add("chain-end-title");
        Label text = new Label();
        text.textProperty().bind(value);
        text.getStyleClass().add("chain-value");
        HBox row = new HBox(name, text);
        if (note != null) {
            Label noteLabel = new Label();
            noteLabel.textProperty().bind(note);
            noteLabel.getStyleClass().add("chain-note");
            row.getChildren().add(noteLabel);
        }
        row.getStyleClass().addAll("chain-end", styleClass);
        return row;
    }

    private Node stepCard(StepRow step) {
        Label number = new Label(String.valueOf(step.index() + 1));
        number.getStyleClass().add("step-number");
        ComboBox<TransformCatalog.Op> op = new ComboBox<>();
        op.getItems().setAll(TransformCatalog.ops());
        op.setConverter(converter(TransformCatalog.Op::label));
        op.setValue(TransformCatalog.find(step.op()).orElse(null));
        op.setPromptText(step.op());
        op.setId("step-op-" + step.index());
        op.getStyleClass().add("step-op");
        op.setPrefWidth(150);
        op.setMinWidth(Region.USE_PREF_SIZE);
        op.setOnAction(e -> {
            if (op.getValue() != null && !op.getValue().op().equals(step.op())) {
                viewModel.setStepOp(step.index(), op.getValue().op());
            }
        });
        Button up = small("↑", "Move up", () -> viewModel.moveStep(step.index(), -1));
        up.setDisable(step.index() == 0);
        Button down = small("↓", "Move down", () -> viewModel.moveStep(step.index(), 1));
        down.setDisable(step.index() == viewModel.steps().size() - 1);
        Button remove = small("✕", "Remove this step", () -> viewModel.removeStep(step.index()));
        remove.setId("step-remove-" + step.index());
        FlowPane args = new FlowPane();
        args.getStyleClass().add("step-args");
        for (StepRow.ArgValue arg : step.args()) {
            args.getChildren().add(argEditor(step, arg));
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(number, op, spacer, up, down, remove);
        head.getStyleClass().add("step-head");

        Label arrow = new Label("→");
        arrow.getStyleClass().add("step-arrow");
        Label value = new Label();
        value.textProperty().bind(step.valueProperty());
        value.getStyleClass().add("chain-value");
        value.setId("step-value-" + step.index());
        Label problem = new Label();
        problem.textProperty().bind(step.problemProperty());
        problem.getStyleClass().add("step-problem");
        problem.setWrapText(true);
        HBox result = new HBox(arrow, value, problem);
        result.getStyleClass().add("step-result");

        VBox card = new VBox(head);
        if (!step.args().isEmpty()) {
            card.getChildren().add(args);
        }
        card.getChildren().add(result);
        card.getStyleClass().add("step-card");
        step.failedProperty().addListener((o, a, b) -> card.pseudoClassStateChanged(FAILED, b));
        step.warnedProperty().addListener((o, a, b) -> card.pseudoClassStateChanged(WARNED, b));
        card.pseudoClassStateChanged(FAILED, step.failedProperty().get());
        card.pseudoClassStateChanged(WARNED, step.warnedProperty().get());
        return card;
    }

    private Node argEditor(StepRow step, StepRow.ArgValue arg) {
        TransformCatalog.Arg spec = arg.arg();
        Label label = new Label(spec.name() + (spec.required() ? " *" : ""));
        label.getStyleClass().add("arg-label");
        Node editor;
        String id = "step-" + step.index() + "-" + spec.name();
        switch (spec.kind()) {
            case CHOICE: {
                ComboBox<String> choice = new ComboBox<>();
                choice.getItems().setAll(spec.choices());
                choice.setValue(arg.text().isEmpty() ? null : arg.text());
                choice.setPromptText(spec.hint());
                choice.valueProperty().addListener((o, a, v) -> viewModel.setStepArg(step.index(), spec.name(),
                        v == null ? "" : v));
                editor = choice;
                break;
            }
            case BOOLEAN: {
                CheckBox check = new CheckBox();
                check.setSelected(arg.text().equals("true"));
                check.selectedProperty().addListener((o, a, v) -> viewModel.setStepArg(step.index(), spec.name(),
                        v ? "true" : ""));
                editor = check;
                break;
            }
            default: {
                TextField field = new TextField(arg.text());
                field.setPromptText(spec.hint());
                field.setPrefColumnCount(spec.kind() == TransformCatalog.ArgKind.INTEGER ? 3
                        : spec.kind() == TransformCatalog.ArgKind.TABLE ? 12 : 7);
                field.textProperty().addListener((o, a, v) -> viewModel.setStepArg(step.index(), spec.name(), v));
                editor = field;
            }
        }
        editor.setId(id);
        HBox box = new HBox(label, editor);
        box.getStyleClass().add("arg-box");
        return box;
    }

    private static Button small(String text, String tip, Runnable action) {
        Button button = new Button(text);
        button.getStyleClass().addAll("small", "flat", "step-button");
        button.setTooltip(new Tooltip(tip));
        button.setOnAction(e -> action.run());
        return button;
    }

    private static <T> StringConverter<T> converter(Function<T, String> show) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : show.apply(value);
            }

            @Override
            public T fromString(String text) {
                return null;
            }
        };
    }

    // ---- preview ---------------------------------------------------------------------------------

    private void setUpPreview() {
        exactCheck.selectedProperty().bindBidirectional(viewModel.exactBodyProperty());
        exactCheck.setTooltip(new Tooltip("Show the body exactly as it is sent, without line breaks for reading"));
        requestLabel.textProperty().bind(viewModel.requestTextProperty());
        Tooltip requestTip = new Tooltip();
        requestTip.textProperty().bind(viewModel.requestTextProperty());
        requestLabel.setTooltip(requestTip);
        requestLabel.visibleProperty().bind(viewModel.requestTextProperty().isNotEmpty());
        requestLabel.managedProperty().bind(requestLabel.visibleProperty());
        refreshLabel.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                viewModel.getLastRefreshMillis() <= 0 ? "" : String.format(Locale.ROOT,
                        "Last edit shown in %.0f ms", Math.ceil(viewModel.getLastRefreshMillis())),
                viewModel.lastRefreshMillisProperty()));
        viewModel.previewTokensProperty().addListener((o, a, tokens) -> showPreview(tokens));
        showPreview(viewModel.previewTokensProperty().get());
    }

    private void showPreview(List<PayloadText.Token> tokens) {
        List<Node> texts = new ArrayList<>(tokens.size());
        for (PayloadText.Token token : tokens) {
            Text text = new Text(token.text());
            text.getStyleClass().addAll("syntax", "syntax-" + token.kind().name().toLowerCase(Locale.ROOT)
                    .replace('_', '-'));
            texts.add(text);
        }
        if (texts.isEmpty()) {
            Text empty = new Text("Nothing to send yet: map a lead field to a buyer field.");
            empty.getStyleClass().addAll("syntax", "syntax-comment");
            texts.add(empty);
        }
        previewFlow.getChildren().setAll(texts);
    }

    // ---- versions --------------------------------------------------------------------------------

    private void setUpVersions() {
        HistoryViewModel history = viewModel.history();
        versionList.setItems(history.versions());
        versionList.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        versionList.setPlaceholder(new Label("Nothing published yet."));
        versionList.setCellFactory(list -> new ListCell<>() {
            private final Label title = new Label();
            private final Label meta = new Label();
            private final Text note = new Text();
            private final VBox box = new VBox(title, meta, note);

            {
                title.getStyleClass().add("version-title");
                meta.getStyleClass().add("version-meta");
                note.getStyleClass().add("version-note");
                note.wrappingWidthProperty().bind(versionList.widthProperty().subtract(36));
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(MappingVersionRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                title.setText("v" + row.version() + (getIndex() == 0 ? "  · latest" : ""));
                meta.setText(history.when(row) + (row.publishedBy().isEmpty() ? "" : " · " + row.publishedBy()));
                note.setText(row.note().isEmpty() ? "(no note)" : row.note());
                setGraphic(box);
            }
        });
        versionList.getSelectionModel().getSelectedItems().addListener((ListChangeListener<MappingVersionRow>) c -> {
            if (!syncingVersions) {
                history.select(List.copyOf(versionList.getSelectionModel().getSelectedItems()));
            }
        });
        history.selected().addListener((ListChangeListener<MappingVersionRow>) c -> {
            if (!List.copyOf(versionList.getSelectionModel().getSelectedItems()).equals(List.copyOf(history.selected()))
                    && !new java.util.HashSet<>(versionList.getSelectionModel().getSelectedItems())
                    .equals(new java.util.HashSet<>(history.selected()))) {
                syncingVersions = true;
                try {
                    versionList.getSelectionModel().clearSelection();
                    history.selected().forEach(r -> versionList.getSelectionModel().select(r));
                } finally {
                    syncingVersions = false;
                }
            }
        });
        rollbackButton.disableProperty().bind(history.rollbackCandidateProperty().isNull());
        diffSummaryLabel.textProperty().bind(history.diffSummaryProperty());
        diffTable.setItems(history.diffRows());
        diffTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        leftColumn.textProperty().bind(history.leftTitleProperty());
        rightColumn.textProperty().bind(history.rightTitleProperty());
        diffColumn(leftNoColumn, r -> r.leftLine() == 0 ? "" : String.valueOf(r.leftLine()), true);
        diffColumn(leftColumn, LineDiff.Row::left, true);
        diffColumn(rightNoColumn, r -> r.rightLine() == 0 ? "" : String.valueOf(r.rightLine()), false);
        diffColumn(rightColumn, LineDiff.Row::right, false);
        diffTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(LineDiff.Row row, boolean empty) {
                super.updateItem(row, empty);
                for (LineDiff.Kind kind : LineDiff.Kind.values()) {
                    pseudoClassStateChanged(PseudoClass.getPseudoClass(kind.name().toLowerCase(Locale.ROOT)),
                            !empty && row != null && row.kind() == kind);
                }
            }
        });
        history.diffRows().addListener((ListChangeListener<LineDiff.Row>) c -> {
            for (int i = 0; i < history.diffRows().size(); i++) {
                if (history.diffRows().get(i).kind() != LineDiff.Kind.SAME) {
                    diffTable.scrollTo(Math.max(0, i - 4));
                    break;
                }
            }
        });
        ruleChangeList.setCellFactory(list -> new ListCell<>() {
            {
                setWrapText(true);
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
            }
        });
        ruleChangeList.setItems(history.ruleChanges());
        ruleChangeList.setPlaceholder(new Label("No rule changes."));
    }

    private static void diffColumn(TableColumn<LineDiff.Row, String> column, Function<LineDiff.Row, String> value,
            boolean left) {
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setCellFactory(c -> new TableCell<>() {
            {
                getStyleClass().addAll("diff-cell", left ? "diff-left" : "diff-right");
            }

            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
            }
        });
    }

    // ---- actions -----------------------------------------------------------------------------------

    @FXML
    private void onSave() {
        viewModel.saveDraft();
    }

    @FXML
    private void onMapSelected() {
        viewModel.mapSelected();
    }

    @FXML
    private void onRemoveRule() {
        viewModel.removeSelectedRule();
    }

    @FXML
    private void onNewBuyer() {
        TextInputDialog dialog = input("New buyer", "Add a buyer mapping",
                "The buyer's name (as it appears in routing and reports):");
        dialog.getEditor().setId("new-buyer-field");
        dialog.showAndWait().ifPresent(name -> viewModel.addBuyer(name, this::showError));
    }

    @FXML
    private void onAddTarget() {
        TextInputDialog dialog = input("Add buyer field", "Add a field the buyer expects",
                "Field path exactly as the buyer spells it (a.b.c, phones[0].number, @attr):");
        dialog.getEditor().setId("new-target-field");
        dialog.showAndWait().ifPresent(path -> viewModel.addTarget(path, this::showError));
    }

    @FXML
    private void onPublish() {
        var blocker = viewModel.publishBlocker();
        if (blocker.isPresent()) {
            showError(blocker.get());
            return;
        }
        TextInputDialog dialog = input("Publish", "Publish " + viewModel.getSelectedBuyer() + " as a new version?",
                "Note for the history (what changed and why):");
        dialog.getEditor().setId("publish-note-field");
        dialog.showAndWait().ifPresent(note -> viewModel.publish(note, this::showError));
    }

    @FXML
    private void onRollback() {
        MappingVersionRow row = viewModel.history().getRollbackCandidate();
        if (row == null) {
            return;
        }
        ButtonType yes = new ButtonType("Roll back", ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "v" + row.version()
                + " is published again as the newest version and becomes the draft. Unsaved edits are lost; "
                + "the history keeps every version.", yes, ButtonType.CANCEL);
        alert.initOwner(root.getScene().getWindow());
        alert.setTitle("Roll back");
        alert.setHeaderText("Roll " + viewModel.getSelectedBuyer() + " back to v" + row.version() + "?");
        if (alert.showAndWait().filter(yes::equals).isPresent()) {
            viewModel.rollback(row.version(), this::showError);
            tabs.getSelectionModel().select(designTab);
        }
    }

    private TextInputDialog input(String title, String header, String content) {
        TextInputDialog dialog = new TextInputDialog();
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle(title);
        dialog.setHeaderText(header);
        dialog.setContentText(content);
        return dialog;
    }

    private void showError(String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        alert.initOwner(root.getScene().getWindow());
        alert.setTitle("Mappings");
        alert.setHeaderText("That did not work");
        alert.show();
    }
}
